package io.llmgw.gateway.limits;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A call refused because a rate limit has no room; the HTTP layer answers 429 in OpenAI's
 * shape with {@code Retry-After} and these headers. Expected, so it carries no stack trace.
 */
public final class RateLimitedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final String bucket;
    private final boolean tokens;
    private final Duration retryAfter;
    private final transient Map<String, String> headers;

    RateLimitedException(String code, String bucket, boolean tokens, Duration retryAfter, Map<String, String> headers) {
        super(code + ": " + bucket, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.bucket = bucket;
        this.tokens = tokens;
        this.retryAfter = retryAfter;
        this.headers = Map.copyOf(headers);
    }

    /** The policy's reason code, such as {@code rate_limited}. */
    public String code() {
        return code;
    }

    /** A message naming the bucket and what ran out. */
    public String clientMessage() {
        return "Rate limit reached for " + bucket + " (" + (tokens ? "tokens" : "requests") + "). Retry in "
                + retryAfterSeconds() + "s.";
    }

    /** Whole seconds until the window resets, at least 1: the {@code Retry-After} value. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** The {@code x-ratelimit-*} headers of the refusal. */
    public Map<String, String> headers() {
        return headers;
    }
}
