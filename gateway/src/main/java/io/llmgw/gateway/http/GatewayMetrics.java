package io.llmgw.gateway.http;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.llmgw.gateway.upstream.MockProvider;
import java.util.List;

/**
 * The gateway's own meters, shown with Helidon's at {@code /observe/metrics} in Prometheus
 * format. Codes are the same snake_case codes as in error bodies and logs.
 */
public final class GatewayMetrics {

    private static final String MOCK_CALLS = "mock_upstream_calls";

    private final MeterRegistry registry;
    private final Counter authzUnavailable;

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

    void authzUnavailable() {
        authzUnavailable.increment();
    }

    void decision(String outcome) {
        registry.getOrCreate(Counter.builder("authz_decisions")
                .description("Access decisions received, by outcome")
                .tags(List.of(Tag.create("decision", outcome)))).increment();
    }

    void error(OpenAiError error) {
        registry.getOrCreate(Counter.builder("gateway_errors")
                .description("Errors returned to clients, by OpenAI error code")
                .tags(List.of(Tag.create("code", error.code()), Tag.create("status", Integer.toString(error.status())))))
                .increment();
    }
}
