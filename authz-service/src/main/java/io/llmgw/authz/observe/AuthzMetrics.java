package io.llmgw.authz.observe;

import io.llmgw.authz.policy.BundleListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The service's Prometheus metrics: checks by RPC, decision and reason code, evaluation
 * latency, decision-cache hits, bundle revision, load time and rejections, decision-log drops, plus JVM and
 * process metrics (including resident memory).
 */
public final class AuthzMetrics implements BundleListener {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter decisions = Counter.builder()
            .name("llmgw_authz_decisions_total")
            .help("Decisions made, by RPC, decision (allow, deny) and first reason code")
            .labelNames("rpc", "decision", "reason")
            .register(registry);
    private final Counter failures = Counter.builder()
            .name("llmgw_authz_check_errors_total")
            .help("Requests answered with an error status instead of a decision, by RPC and error code")
            .labelNames("rpc", "code")
            .register(registry);
    private final Counter cacheHits = Counter.builder()
            .name("llmgw_authz_decision_cache_hits_total")
            .help("Decisions reused from the decision cache instead of evaluated, by RPC (a share of decisions_total)")
            .labelNames("rpc")
            .register(registry);
    private final Histogram evaluation = Histogram.builder()
            .name("llmgw_authz_evaluation_seconds")
            .help("Time spent evaluating the policy, by RPC")
            .labelNames("rpc")
            .classicOnly()
            .classicUpperBounds(0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01,
                    0.025, 0.05, 0.1)
            .register(registry);
    private final Info bundle = Info.builder()
            .name("llmgw_authz_bundle")
            .help("Revision of the live policy bundle")
            .labelNames("revision")
            .register(registry);
    private final Gauge bundleLoaded = Gauge.builder()
            .name("llmgw_authz_bundle_loaded_timestamp_seconds")
            .help("When the live bundle went live (Unix time); its age is time() minus this")
            .register(registry);
    private final Counter callersRefused = Counter.builder()
            .name("llmgw_authz_callers_refused_total")
            .help("Connections refused before any policy work, by code (caller_unauthenticated, caller_not_allowed)")
            .labelNames("code")
            .register(registry);
    private final Counter bundleRejected = Counter.builder()
            .name("llmgw_authz_bundle_rejected_total")
            .help("Bundles rejected as bundle_invalid; the previous bundle stayed live")
            .register(registry);

    /** Registers JVM/process metrics and the decision-log drop counter read from {@code droppedEvents}. */
    public AuthzMetrics(LongSupplier droppedEvents) {
        this(droppedEvents, () -> 0);
    }

    /**
     * Registers JVM/process metrics and the decision-log counters: events dropped because the
     * queue was full, and events lost because writing them failed.
     */
    public AuthzMetrics(LongSupplier droppedEvents, LongSupplier writeFailures) {
        GaugeWithCallback.builder()
                .name("llmgw_authz_decision_log_dropped_events")
                .help("Decision-log events dropped because the log queue was full (monotonic)")
                .callback(cb -> cb.call(droppedEvents.getAsLong()))
                .register(registry);
        CounterWithCallback.builder()
                .name("llmgw_authz_decision_log_write_failures")
                .help("Decision-log events lost because writing them to the log failed (disk full, closed output)")
                .callback(cb -> cb.call(writeFailures.getAsLong()))
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    /** The registry to expose. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Counts one connection refused by {@link io.llmgw.authz.grpc.CallerAuthorization}. */
    public void callerRefused(String code) {
        callersRefused.labelValues(code).inc();
    }

    /** Counts one decision, its evaluation (or cache lookup) time and whether it was reused from the cache. */
    public void decision(String rpc, boolean allow, String reason, Duration evaluationTime, boolean cached) {
        decisions.labelValues(rpc, allow ? "allow" : "deny", reason).inc();
        if (cached) {
            cacheHits.labelValues(rpc).inc();
        }
        evaluation.labelValues(rpc).observe(evaluationTime.toNanos() / 1e9);
    }

    /** Counts one request that got an error status instead of a decision. */
    public void failure(String rpc, String code) {
        failures.labelValues(rpc, code).inc();
    }

    @Override
    public void loaded(String revision) {
        bundle.setLabelValues(revision);
        bundleLoaded.set(System.currentTimeMillis() / 1000.0);
    }

    @Override
    public void rejected(String reason) {
        bundleRejected.inc();
    }
}
