package io.llmgw.gateway.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a failed upstream call is tried again, and how long to wait before each new try.
 * Only failures another try may cure are retried: no connection, 429 and 5xx answers, all
 * before anything reached the client. A timeout is not (its time is spent), nor a refusal of
 * the request itself.
 *
 * @param retries retries after the first try, unless the deployment ({@code max_retries}) or
 *     the catalog ({@code num_retries}) says otherwise
 * @param backoff wait before the first retry; doubled before each further one
 */
public record RetryPolicy(int retries, Duration backoff) {

    /** Two retries, as OpenAI's own SDKs make, after 0.25 s and 0.5 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(2, Duration.ofMillis(250));

    /** Longest wait before one retry, however many came before. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(8);

    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("gateway.upstream.retries must not be negative, was " + retries);
        }
        Objects.requireNonNull(backoff, "backoff");
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("gateway.upstream.retry-backoff must not be negative, was " + backoff);
        }
    }

    /** The wait before retry number {@code retry} (1 for the first). */
    public Duration waitBefore(int retry) {
        Duration wait = backoff.multipliedBy(1L << Math.min(retry - 1, 10));
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }
}
