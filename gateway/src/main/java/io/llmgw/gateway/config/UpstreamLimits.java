package io.llmgw.gateway.config;

import io.helidon.config.Config;
import java.time.Duration;

/**
 * Bounds on what the gateway reads from an upstream ({@code gateway.upstream}), so a broken
 * or hostile provider can neither hold a client's stream open forever nor fill the gateway's
 * memory. Past any of them the client gets an error in OpenAI's shape (an error event when a
 * stream has begun) and the upstream call is cancelled.
 *
 * @param maxBodyBytes largest non-stream answer read ({@code max-body-bytes}); larger is 502
 *     {@code upstream_response_too_large}
 * @param maxEventBytes largest server-sent event, and longest line, of a stream
 *     ({@code max-event-bytes}); larger ends the stream with {@code upstream_response_too_large}
 * @param streamIdleTimeout longest silence between two lines of a stream
 *     ({@code stream-idle-timeout}); longer ends it with {@code upstream_stalled}
 */
public record UpstreamLimits(long maxBodyBytes, int maxEventBytes, Duration streamIdleTimeout) {

    /** Embeddings of a large batch run to tens of MiB; 64 MiB leaves room for them. */
    static final long DEFAULT_MAX_BODY_BYTES = 64L * 1024 * 1024;
    /** OpenAI's chunks are a few hundred bytes; 1 MiB leaves room for large tool-call deltas. */
    static final int DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
    /** Reasoning models may think a while between tokens; keep-alive comments count as activity. */
    static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofMinutes(2);

    public UpstreamLimits {
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("gateway.upstream.max-body-bytes must be positive, was " + maxBodyBytes);
        }
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("gateway.upstream.max-event-bytes must be positive, was " + maxEventBytes);
        }
        Durations.requirePositive("gateway.upstream.stream-idle-timeout", streamIdleTimeout);
    }

    /** The defaults. */
    public static UpstreamLimits defaults() {
        return new UpstreamLimits(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_EVENT_BYTES, DEFAULT_STREAM_IDLE_TIMEOUT);
    }

    /** Reads the limits from the {@code gateway.upstream} node. */
    static UpstreamLimits from(Config upstream) {
        return new UpstreamLimits(
                upstream.get("max-body-bytes").asLong().orElse(DEFAULT_MAX_BODY_BYTES),
                upstream.get("max-event-bytes").asInt().orElse(DEFAULT_MAX_EVENT_BYTES),
                upstream.get("stream-idle-timeout").as(Duration.class).orElse(DEFAULT_STREAM_IDLE_TIMEOUT));
    }
}
