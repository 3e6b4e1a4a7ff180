package io.llmgw.gateway.config;

import io.helidon.config.Config;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How the gateway reaches the authz-service ({@code gateway.authz}).
 *
 * @param target {@code host:port} (or any gRPC target such as {@code dns:///authz:9191}), or
 *     several separated by commas (one replica each)
 * @param deadline budget of one check, retry included
 * @param readinessTimeout budget of the health call behind the readiness probe
 * @param startupWait how long start-up waits for the service to report SERVING before it
 *     starts anyway (not ready until it does)
 * @param reconnectInterval while the service is unreachable, the longest wait between two
 *     connection attempts (gRPC's own backoff grows to minutes)
 * @param connections connections opened to each target: the service evaluates a connection's
 *     checks on one event loop, so several spread a gateway's checks over its cores
 * @param tls transport security of the link (mutual TLS by default)
 */
public record AuthzClientConfig(String target, Duration deadline, Duration readinessTimeout, Duration startupWait,
        Duration reconnectInterval, int connections, AuthzTlsConfig tls) {

    static final String DEFAULT_TARGET = "127.0.0.1:9191";
    static final Duration DEFAULT_DEADLINE = Duration.ofMillis(50);
    static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofSeconds(1);
    static final Duration DEFAULT_STARTUP_WAIT = Duration.ofSeconds(10);
    static final Duration DEFAULT_RECONNECT_INTERVAL = Duration.ofSeconds(1);
    /** One connection per core of this machine, and at least two. */
    static final int DEFAULT_CONNECTIONS = Math.max(2, Runtime.getRuntime().availableProcessors());

    public AuthzClientConfig {
        Objects.requireNonNull(target, "target");
        Durations.requirePositive("gateway.authz.deadline", deadline);
        Durations.requirePositive("gateway.authz.readiness-timeout", readinessTimeout);
        Durations.requireNotNegative("gateway.authz.startup-wait", startupWait);
        Durations.requirePositive("gateway.authz.reconnect-interval", reconnectInterval);
        if (connections <= 0) {
            throw new IllegalArgumentException("gateway.authz.connections must be positive, was " + connections);
        }
        Objects.requireNonNull(tls, "gateway.authz.tls");
        if (split(target).isEmpty()) {
            throw new IllegalArgumentException("gateway.authz.target names no target: '" + target + "'");
        }
    }

    /** The targets {@code target} lists. */
    public List<String> targets() {
        return split(target);
    }

    private static List<String> split(String target) {
        return Arrays.stream(target.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    /** Reads the {@code gateway.authz} node. */
    public static AuthzClientConfig from(Config node) {
        return new AuthzClientConfig(
                node.get("target").asString().orElse(DEFAULT_TARGET),
                node.get("deadline").as(Duration.class).orElse(DEFAULT_DEADLINE),
                node.get("readiness-timeout").as(Duration.class).orElse(DEFAULT_READINESS_TIMEOUT),
                node.get("startup-wait").as(Duration.class).orElse(DEFAULT_STARTUP_WAIT),
                node.get("reconnect-interval").as(Duration.class).orElse(DEFAULT_RECONNECT_INTERVAL),
                node.get("connections").asInt().orElse(DEFAULT_CONNECTIONS),
                AuthzTlsConfig.from(node.get("tls")));
    }
}
