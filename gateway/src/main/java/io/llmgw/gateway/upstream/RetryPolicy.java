package io.llmgw.gateway.upstream;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * How often a failed upstream call is tried again, and how long to wait before each new try.
 * Only failures another try may cure are retried: no connection, 429 and 5xx answers, all
 * before anything reached the client. A timeout is not (its time is spent), nor a refusal of
 * the request itself. An upstream's {@code Retry-After} of at most {@link #MAX_RETRY_AFTER} is
 * waited out; a longer one ends the retries.
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
    /** Longest {@code Retry-After} the gateway waits out itself before a retry. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(2);

    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("gateway.upstream.retries must not be negative, was " + retries);
        }
        Objects.requireNonNull(backoff, "backoff");
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("gateway.upstream.retry-backoff must not be negative, was " + backoff);
        }
    }

    /**
     * The wait before retry number {@code retry} (1 for the first), or empty when there should
     * be none: the upstream's {@code Retry-After} asks for longer than {@link #MAX_RETRY_AFTER}
     * (the client is better placed to wait, and gets the header).
     *
     * @param retryAfter the failed answer's {@code Retry-After}: seconds or an HTTP date
     * @param now the time an HTTP date is counted from
     */
    public Optional<Duration> waitBefore(int retry, Optional<String> retryAfter, Instant now) {
        Optional<Duration> asked = retryAfter.flatMap(value -> parse(value, now));
        if (asked.isPresent()) {
            return asked.get().compareTo(MAX_RETRY_AFTER) > 0 ? Optional.empty() : asked;
        }
        Duration wait = backoff.multipliedBy(1L << Math.min(retry - 1, 10));
        return Optional.of(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
    }

    private static Optional<Duration> parse(String value, Instant now) {
        try {
            if (value.chars().allMatch(Character::isDigit)) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isBefore(now) ? Duration.ZERO : Duration.between(now, at));
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
