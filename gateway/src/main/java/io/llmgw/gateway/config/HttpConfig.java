package io.llmgw.gateway.config;

import io.helidon.config.Config;

/**
 * Limits of the OpenAI-compatible API ({@code gateway.http}).
 *
 * @param maxBodyBytes largest request body accepted; larger ones get 400
 */
public record HttpConfig(long maxBodyBytes) {

    static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

    public HttpConfig {
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("gateway.http.max-body-bytes must be positive, was " + maxBodyBytes);
        }
    }

    /** The defaults. */
    public static HttpConfig defaults() {
        return new HttpConfig(DEFAULT_MAX_BODY_BYTES);
    }

    /** Reads the {@code gateway.http} node. */
    public static HttpConfig from(Config node) {
        return new HttpConfig(node.get("max-body-bytes").asLong().orElse(DEFAULT_MAX_BODY_BYTES));
    }
}
