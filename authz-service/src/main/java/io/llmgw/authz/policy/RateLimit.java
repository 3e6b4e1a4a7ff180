package io.llmgw.authz.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * One budget a call counts against.
 *
 * @param bucket counter name, shared by every call naming it, such as {@code team:ml-platform}
 * @param requests most requests per window; 0 for no request limit
 * @param tokens most tokens per window; 0 for no token limit
 * @param per length of the window: a second, minute, hour or day
 * @param code reason code a call over the limit is refused with
 */
public record RateLimit(String bucket, long requests, long tokens, Duration per, String code) {

    public RateLimit {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(per, "per");
        Objects.requireNonNull(code, "code");
    }
}
