package io.llmgw.authz.config;

import io.helidon.config.Config;
import java.nio.file.Path;

/**
 * Settings of the authz-service, read once at start-up from the {@code authz} config node.
 * Defaults live in {@code application.yaml}; environment variables override them
 * ({@code AUTHZ_PORT}, {@code AUTHZ_BUNDLE}, ...).
 *
 * @param host address to listen on
 * @param port gRPC port; 0 picks a free one
 * @param bundle path of the compiled policy bundle ({@code bundle.tar.gz})
 * @param entrypoint decision entrypoint inside the bundle, such as {@code llmgw/authz/decision}
 * @param poolSize number of policy instances evaluating concurrently
 * @param warmupEvaluations evaluations each instance runs before the service starts serving
 */
public record AuthzConfig(String host, int port, Path bundle, String entrypoint, int poolSize,
        int warmupEvaluations) {

    public AuthzConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("authz.port must be 0-65535, was " + port);
        }
        if (entrypoint == null || entrypoint.isBlank()) {
            throw new IllegalArgumentException("authz.entrypoint must name the decision entrypoint");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("authz.pool-size must be at least 1, was " + poolSize);
        }
        if (warmupEvaluations < 0) {
            throw new IllegalArgumentException("authz.warmup-evaluations must not be negative, was "
                    + warmupEvaluations);
        }
    }

    /** Reads the {@code authz} node of {@code root}; a pool size of 0 means one per CPU. */
    public static AuthzConfig from(Config root) {
        Config c = root.get("authz");
        int pool = c.get("pool-size").asInt().orElse(0);
        return new AuthzConfig(
                c.get("host").asString().orElse("127.0.0.1"),
                c.get("port").asInt().orElse(9191),
                Path.of(c.get("bundle").asString().orElse("policies/target/bundle.tar.gz")),
                c.get("entrypoint").asString().orElse("llmgw/authz/decision"),
                pool > 0 ? pool : Runtime.getRuntime().availableProcessors(),
                c.get("warmup-evaluations").asInt().orElse(1000));
    }
}
