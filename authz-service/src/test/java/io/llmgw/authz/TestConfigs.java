package io.llmgw.authz;

import io.llmgw.authz.config.AuthzConfig;
import io.llmgw.authz.config.DecisionLogConfig;
import io.llmgw.authz.config.GrpcSecurityConfig;
import io.llmgw.authz.policy.Entrypoints;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Configurations for tests: loopback, free ports, the freshly built bundle, a small pool, and
 * a plaintext gRPC port unless a test is about transport security ({@link #withSecurity}).
 */
public final class TestConfigs {

    private TestConfigs() {}

    /** The bundle the policies module built in this build. */
    public static Path builtBundle() {
        return Path.of(System.getProperty("llmgw.policy.bundle"));
    }

    /** A wasm-engine configuration serving {@code bundle}, logging decisions to {@code decisionLog}. */
    public static AuthzConfig wasm(Path bundle, Path decisionLog, List<String> mask) {
        return wasm(bundle, decisionLog, mask, 2);
    }

    /** As {@link #wasm(Path, Path, List)}, with {@code poolSize} policy instances and event loops. */
    public static AuthzConfig wasm(Path bundle, Path decisionLog, List<String> mask, int poolSize) {
        return wasm(bundle, decisionLog, mask, poolSize, AuthzConfig.DEFAULT_DECISION_CACHE_BYTES);
    }

    /** As {@link #wasm(Path, Path, List, int)}, with a decision cache of {@code cacheBytes} (0: none). */
    public static AuthzConfig wasm(Path bundle, Path decisionLog, List<String> mask, int poolSize, long cacheBytes) {
        return new AuthzConfig("127.0.0.1", 0, 0, 64 * 1024, "wasm", bundle, Duration.ofMillis(50), Entrypoints.DEFAULT,
                poolSize, 10, cacheBytes, URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1),
                new DecisionLogConfig("file", decisionLog, 1024 * 1024, 2, 1000, mask), GrpcSecurityConfig.plaintext());
    }

    /** {@code config} with the gRPC port secured by {@code security} instead. */
    public static AuthzConfig withSecurity(AuthzConfig c, GrpcSecurityConfig security) {
        return new AuthzConfig(c.host(), c.port(), c.metricsPort(), c.maxMessageBytes(), c.engine(), c.bundle(),
                c.reloadInterval(), c.entrypoints(), c.poolSize(), c.warmupEvaluations(), c.decisionCacheBytes(),
                c.opaServer(), c.opaTimeout(), c.decisionLog(), security);
    }

    /** An OPA-server-engine configuration asking {@code opaUrl}. */
    public static AuthzConfig opaServer(URI opaUrl, Path decisionLog) {
        return opaServer(opaUrl, decisionLog, Duration.ofSeconds(2));
    }

    /** As {@link #opaServer(URI, Path)}, with {@code timeout} for each call to the OPA server. */
    public static AuthzConfig opaServer(URI opaUrl, Path decisionLog, Duration timeout) {
        return new AuthzConfig("127.0.0.1", 0, -1, 64 * 1024, "opa-server", Path.of("unused"), Duration.ofSeconds(1),
                Entrypoints.DEFAULT, 1, 0, 0, opaUrl, timeout,
                new DecisionLogConfig("file", decisionLog, 1024 * 1024, 2, 1000, List.of()), GrpcSecurityConfig.plaintext());
    }
}
