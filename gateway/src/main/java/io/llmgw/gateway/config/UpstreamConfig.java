package io.llmgw.gateway.config;

import io.helidon.config.Config;
import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway calls upstreams ({@code gateway.upstream}).
 *
 * @param timeout time allowed for an upstream answer (for a stream: until its headers) unless
 *     the deployment sets {@code litellm_params.timeout}; past it the client gets 504
 * @param connectTimeout time allowed to open a connection
 * @param mockLatency delay of the built-in mock before it answers
 * @param mockChunkInterval delay of the built-in mock between two streamed chunks
 * @param limits bounds on what is read from an upstream
 * @param retries retries of a call that failed with no connection, 429 or 5xx, unless the
 *     catalog says otherwise ({@code num_retries}, {@code max_retries})
 * @param retryBackoff wait before the first retry, doubled before each further one
 */
public record UpstreamConfig(Duration timeout, Duration connectTimeout, Duration mockLatency,
        Duration mockChunkInterval, UpstreamLimits limits, int retries, Duration retryBackoff) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** As OpenAI's SDKs retry. */
    static final int DEFAULT_RETRIES = 2;
    static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(250);

    public UpstreamConfig {
        Durations.requirePositive("gateway.upstream.timeout", timeout);
        Durations.requirePositive("gateway.upstream.connect-timeout", connectTimeout);
        Durations.requireNotNegative("gateway.upstream.mock.latency", mockLatency);
        Durations.requireNotNegative("gateway.upstream.mock.chunk-interval", mockChunkInterval);
        Objects.requireNonNull(limits, "limits");
        if (retries < 0) {
            throw new IllegalArgumentException("gateway.upstream.retries must not be negative, was " + retries);
        }
        Durations.requireNotNegative("gateway.upstream.retry-backoff", retryBackoff);
    }

    /** The defaults: LiteLLM's ten-minute request timeout, an instant mock. */
    public static UpstreamConfig defaults() {
        return new UpstreamConfig(DEFAULT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, Duration.ZERO, Duration.ZERO,
                UpstreamLimits.defaults(), DEFAULT_RETRIES, DEFAULT_RETRY_BACKOFF);
    }

    /** Reads the {@code gateway.upstream} node. */
    public static UpstreamConfig from(Config node) {
        return new UpstreamConfig(
                node.get("timeout").as(Duration.class).orElse(DEFAULT_TIMEOUT),
                node.get("connect-timeout").as(Duration.class).orElse(DEFAULT_CONNECT_TIMEOUT),
                node.get("mock.latency").as(Duration.class).orElse(Duration.ZERO),
                node.get("mock.chunk-interval").as(Duration.class).orElse(Duration.ZERO),
                UpstreamLimits.from(node),
                node.get("retries").asInt().orElse(DEFAULT_RETRIES),
                node.get("retry-backoff").as(Duration.class).orElse(DEFAULT_RETRY_BACKOFF));
    }
}
