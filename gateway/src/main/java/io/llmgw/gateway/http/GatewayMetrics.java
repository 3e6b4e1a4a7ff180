package io.llmgw.gateway.http;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.llmgw.gateway.audit.EnforcementLog;
import io.llmgw.gateway.keys.KeyFileWatcher;
import io.llmgw.gateway.upstream.MockProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The gateway's own meters, shown with Helidon's at {@code /observe/metrics} in Prometheus
 * format. Codes are the same snake_case codes as in error bodies and logs.
 */
public final class GatewayMetrics {

    private static final String MOCK_CALLS = "mock_upstream_calls";

    private final MeterRegistry registry;
    private final Counter authzUnavailable;
    /**
     * The labelled counters met so far, by label value: counted on every call, they are looked
     * up here rather than through a builder and the registry's lookup each time.
     */
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private final Map<String, Counter> extraTries = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

    /** @param registry where the meters live, normally Helidon's global registry */
    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.authzUnavailable = registry.getOrCreate(Counter.builder("authz_unavailable")
                .description("Requests refused with 503 because no access decision could be had"));
    }

    /**
     * Shows the calls the built-in mock provider received as {@code mock_upstream_calls_total},
     * counted by the mock itself: set beside {@code authz_decisions_total{decision="allow"}},
     * it shows that nothing reached the upstream without an allow. A gateway built later in
     * the same JVM (tests) takes the meter over.
     */
    void watch(MockProvider mock) {
        registry.remove(MOCK_CALLS, List.of());
        registry.getOrCreate(FunctionalCounter.builder(MOCK_CALLS, mock, MockProvider::calls)
                .description("Calls the built-in mock provider received"));
    }

    /**
     * Shows the key file's reloads as {@code key_file_reloads_total} and the versions refused
     * (unparsable, malformed, unreadable, any failure) as {@code key_file_rejected_total}.
     */
    public void watch(KeyFileWatcher keys) {
        for (String name : List.of("key_file_reloads", "key_file_rejected")) {
            registry.remove(name, List.of());
        }
        registry.getOrCreate(FunctionalCounter.builder("key_file_reloads", keys, KeyFileWatcher::reloads)
                .description("New key registries that went live after a change of the key file"));
        registry.getOrCreate(FunctionalCounter.builder("key_file_rejected", keys, KeyFileWatcher::rejections)
                .description("Versions of the key file refused; the last good keys stayed live"));
    }

    /**
     * Shows the enforcement log's losses: records dropped because its queue was full as
     * {@code enforcement_log_dropped_total}, records whose write failed as
     * {@code enforcement_log_write_failures_total}.
     */
    public void watch(EnforcementLog log) {
        for (String name : List.of("enforcement_log_dropped", "enforcement_log_write_failures")) {
            registry.remove(name, List.of());
        }
        registry.getOrCreate(FunctionalCounter.builder("enforcement_log_dropped", log, EnforcementLog::dropped)
                .description("Enforcement records dropped because the log's queue was full"));
        registry.getOrCreate(FunctionalCounter.builder("enforcement_log_write_failures", log,
                EnforcementLog::writeFailures).description("Enforcement records lost because writing them failed"));
    }

    /** Shows the requests holding a place in flight as {@code gateway_requests_in_flight}. */
    void watchInFlight(IntSupplier inFlight) {
        registry.remove("gateway_requests_in_flight", List.of());
        registry.getOrCreate(Gauge.builder("gateway_requests_in_flight", inFlight::getAsInt)
                .description("Requests holding a place in flight (streams until they end)"));
    }

    /** A request refused by admission control, by what was full ({@code in_flight}, {@code body_memory}). */
    void refused(String reason) {
        refusals.computeIfAbsent(reason, r -> registry.getOrCreate(Counter.builder("gateway_refusals")
                .description("Requests refused with 429 because the gateway was at a bound, by bound")
                .tags(List.of(Tag.create("reason", r))))).increment();
    }

    void authzUnavailable() {
        authzUnavailable.increment();
    }

    void decision(String outcome) {
        decisions.computeIfAbsent(outcome, o -> registry.getOrCreate(Counter.builder("authz_decisions")
                .description("Access decisions received, by outcome")
                .tags(List.of(Tag.create("decision", o))))).increment();
    }

    /**
     * A try of a request beyond its first: {@code retry} (the same model again), {@code fallback}
     * (another model, called), {@code fallback_denied} (another model the policy refused, not called).
     */
    void extraTry(String kind) {
        extraTries.computeIfAbsent(kind, k -> registry.getOrCreate(Counter.builder("gateway_upstream_extra_tries")
                .description("Retries and fallbacks of upstream calls, by kind")
                .tags(List.of(Tag.create("kind", k))))).increment();
    }

    void error(OpenAiError error) {
        registry.getOrCreate(Counter.builder("gateway_errors")
                .description("Errors returned to clients, by OpenAI error code")
                .tags(List.of(Tag.create("code", error.code()), Tag.create("status", Integer.toString(error.status())))))
                .increment();
    }
}
