package io.llmgw.authz.config;

import io.helidon.config.Config;
import io.llmgw.authz.policy.Entrypoints;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the authz-service, read once at start-up from the {@code authz} config node.
 * Defaults live here and in {@code application.yaml}; environment variables override them
 * ({@code AUTHZ_PORT}, {@code AUTHZ_BUNDLE}, ...).
 *
 * @param host address to listen on
 * @param port gRPC port; 0 picks a free one
 * @param metricsPort port of the Prometheus {@code /metrics} endpoint; 0 picks one, -1 turns it off
 * @param maxMessageBytes largest request accepted
 * @param engine {@code wasm} (in-process) or {@code opa-server} (a remote OPA over REST)
 * @param bundle path of the compiled policy bundle ({@code bundle.tar.gz}), for {@code wasm}
 * @param reloadInterval how often the bundle file is checked for changes
 * @param entrypoints the decision and listing entrypoints
 * @param poolSize number of policy instances evaluating concurrently, and of the gRPC event
 *     loops that evaluate on them
 * @param warmupEvaluations evaluations each instance runs before it serves
 * @param decisionCacheBytes approximate memory of the decision cache, for {@code wasm}; 0 turns
 *     it off (see {@link io.llmgw.authz.policy.CachingPolicyEngine})
 * @param opaServer base URL of the OPA server, for {@code opa-server}
 * @param opaTimeout budget of one call to the OPA server
 * @param decisionLog decision-log settings
 * @param shadow shadow evaluation of a candidate bundle, for {@code wasm}
 * @param security transport security of the gRPC port (mutual TLS, allowed callers, reflection)
 */
public record AuthzConfig(String host, int port, int metricsPort, int maxMessageBytes, String engine, Path bundle,
        Duration reloadInterval, Entrypoints entrypoints, int poolSize, int warmupEvaluations, long decisionCacheBytes, URI opaServer,
        Duration opaTimeout, DecisionLogConfig decisionLog, ShadowConfig shadow, GrpcSecurityConfig security) {

    /** A configuration without shadow evaluation. */
    public AuthzConfig(String host, int port, int metricsPort, int maxMessageBytes, String engine, Path bundle,
            Duration reloadInterval, Entrypoints entrypoints, int poolSize, int warmupEvaluations, long decisionCacheBytes,
            URI opaServer, Duration opaTimeout, DecisionLogConfig decisionLog, GrpcSecurityConfig security) {
        this(host, port, metricsPort, maxMessageBytes, engine, bundle, reloadInterval, entrypoints, poolSize,
                warmupEvaluations, decisionCacheBytes, opaServer, opaTimeout, decisionLog, ShadowConfig.OFF, security);
    }

    /** Default budget of the decision cache: room for about ten thousand principal-and-model pairs. */
    public static final long DEFAULT_DECISION_CACHE_BYTES = 8L * 1024 * 1024;

    public AuthzConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("authz.port must be 0-65535, was " + port);
        }
        if (metricsPort < -1 || metricsPort > 65535) {
            throw new IllegalArgumentException("authz.metrics-port must be -1 (off) or 0-65535, was " + metricsPort);
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("authz.max-message-bytes must be at least 1024, was " + maxMessageBytes);
        }
        if (!engine.equals("wasm") && !engine.equals("opa-server")) {
            throw new IllegalArgumentException("authz.engine must be wasm or opa-server, was '" + engine + "'");
        }
        if (reloadInterval.isNegative() || reloadInterval.isZero() || opaTimeout.isNegative() || opaTimeout.isZero()) {
            throw new IllegalArgumentException("authz.reload-interval and authz.opa-server.timeout must be positive");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("authz.pool-size must be at least 1, was " + poolSize);
        }
        if (warmupEvaluations < 0) {
            throw new IllegalArgumentException("authz.warmup-evaluations must not be negative, was " + warmupEvaluations);
        }
        if (shadow.bundle().isPresent() && !engine.equals("wasm")) {
            throw new IllegalArgumentException("authz.shadow.bundle needs authz.engine wasm, was '" + engine + "'");
        }
        if (decisionCacheBytes < 0) {
            throw new IllegalArgumentException("authz.decision-cache.max-bytes must be 0 (off) or more, was "
                    + decisionCacheBytes);
        }
    }

    /** Reads the {@code authz} node of {@code root}; a pool size of 0 means one per CPU. */
    public static AuthzConfig from(Config root) {
        Config c = root.get("authz");
        int pool = c.get("pool-size").asInt().orElse(0);
        return new AuthzConfig(
                c.get("host").asString().orElse("127.0.0.1"),
                c.get("port").asInt().orElse(9191),
                c.get("metrics-port").asInt().orElse(9192),
                c.get("max-message-bytes").asInt().orElse(4 * 1024 * 1024),
                c.get("engine").asString().orElse("wasm"),
                Path.of(c.get("bundle").asString().orElse("var/policy/bundle.tar.gz")),
                c.get("reload-interval").as(Duration.class).orElse(Duration.ofSeconds(1)),
                new Entrypoints(c.get("entrypoints.decision").asString().orElse(Entrypoints.DEFAULT.decision()),
                        c.get("entrypoints.listing").asString().orElse(Entrypoints.DEFAULT.listing())),
                pool > 0 ? pool : Runtime.getRuntime().availableProcessors(),
                c.get("warmup-evaluations").asInt().orElse(1000),
                c.get("decision-cache.max-bytes").asLong().orElse(DEFAULT_DECISION_CACHE_BYTES),
                URI.create(c.get("opa-server.url").asString().orElse("http://127.0.0.1:8181")),
                c.get("opa-server.timeout").as(Duration.class).orElse(Duration.ofMillis(500)),
                DecisionLogConfig.from(c.get("decision-log")),
                ShadowConfig.from(c.get("shadow")),
                GrpcSecurityConfig.from(c));
    }
}
