package io.llmgw.gateway.limits;

import io.llmgw.gateway.authz.CallConditions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Admits a call against every rate limit its decision names, in fixed windows aligned to the
 * clock (a minute window runs from :00 to :59). A call is admitted only when every limit has
 * room; then each counts the request, and the tokens the upstream reports are added when
 * the call ends. A limit that refuses answers with the time left in its window.
 */
public final class RateLimiter {

    private final LimitStore store;
    private final Clock clock;

    public RateLimiter(LimitStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Counts the call against {@code limits}, or throws when one has no room (nothing is then
     * counted against any of them).
     *
     * @throws RateLimitedException when a limit is reached
     */
    public Admission admit(List<CallConditions.Limit> limits) {
        if (limits.isEmpty()) {
            return Admission.NONE;
        }
        long now = clock.millis();
        List<Counted> counted = new ArrayList<>(limits.size());
        for (CallConditions.Limit limit : limits) {
            long length = limit.per().toMillis();
            long window = Math.floorDiv(now, length);
            LimitStore.Counts counts = store.acquire(limit.bucket(), length, window, limit.requests(), limit.tokens());
            Duration reset = Duration.ofMillis((window + 1) * length - now);
            if (!counts.admitted()) {
                counted.forEach(c -> store.release(c.limit().bucket(), c.length(), c.window()));
                boolean tokens = limit.tokens() > 0 && counts.tokens() >= limit.tokens();
                throw new RateLimitedException(limit.code(), limit.bucket(), tokens, reset,
                        RateLimitHeaders.of(List.of(new RateLimitHeaders.State(limit, counts, reset))));
            }
            counted.add(new Counted(limit, length, window, counts, reset));
        }
        return new Admission(this, List.copyOf(counted));
    }

    private void addTokens(List<Counted> counted, long tokens) {
        long now = clock.millis();
        for (Counted c : counted) {
            if (c.limit().tokens() > 0) {
                store.addTokens(c.limit().bucket(), c.length(), Math.floorDiv(now, c.length()), tokens);
            }
        }
    }

    private record Counted(CallConditions.Limit limit, long length, long window, LimitStore.Counts counts,
            Duration reset) {}

    /**
     * Where one bucket stood once a call was counted against it.
     *
     * @param bucket the bucket's name
     * @param per its window
     * @param requestLimit most requests per window; 0 for none
     * @param requests requests counted in this window, the call included
     * @param tokenLimit most tokens per window; 0 for none
     * @param tokens tokens counted in this window before the call (its own come with its usage)
     * @param reset time until the window ends
     */
    public record Count(String bucket, Duration per, long requestLimit, long requests, long tokenLimit, long tokens,
            Duration reset) {}

    /** A call admitted against its limits: the headers to answer with, and where its tokens go. */
    public static final class Admission {

        /** A call with no rate limits. */
        public static final Admission NONE = new Admission(null, List.of());

        private final RateLimiter limiter;
        private final List<Counted> counted;

        private Admission(RateLimiter limiter, List<Counted> counted) {
            this.limiter = limiter;
            this.counted = counted;
        }

        /** Whether any limit counts tokens, so the upstream's usage must be read. */
        public boolean countsTokens() {
            return counted.stream().anyMatch(c -> c.limit().tokens() > 0);
        }

        /** The {@code x-ratelimit-*} headers for the answer; empty without limits. */
        public Map<String, String> headers() {
            return RateLimitHeaders.of(counted.stream()
                    .map(c -> new RateLimitHeaders.State(c.limit(), c.counts(), c.reset())).toList());
        }

        /** Adds the tokens the upstream reported for the call. */
        public void recordTokens(long tokens) {
            if (limiter != null && tokens > 0) {
                limiter.addTokens(counted, tokens);
            }
        }

        /** Ids of the buckets the call counts against, for the log. */
        public List<String> buckets() {
            return counted.stream().map(c -> c.limit().bucket()).toList();
        }

        /** Where each bucket stood once the call was counted, in the order of the decision's limits. */
        public List<Count> counts() {
            return counted.stream().map(c -> new Count(c.limit().bucket(), c.limit().per(), c.limit().requests(),
                    c.counts().requests(), c.limit().tokens(), c.counts().tokens(), c.reset())).toList();
        }
    }
}
