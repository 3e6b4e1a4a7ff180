package io.llmgw.gateway.limits;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters in this gateway's memory, one entry per bucket and window length holding the
 * current window only: a counter moves to a new window when the first call of that window
 * arrives, so memory grows with the number of buckets, not with time. Each gateway instance
 * counts alone (see {@link LimitStore} for a fleet).
 */
public final class InMemoryLimitStore implements LimitStore {

    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

    @Override
    public Counts acquire(String bucket, long windowMillis, long window, long maxRequests, long maxTokens) {
        Counter counter = counters.computeIfAbsent(key(bucket, windowMillis), k -> new Counter());
        synchronized (counter) {
            counter.moveTo(window);
            boolean admitted = (maxRequests == 0 || counter.requests < maxRequests)
                    && (maxTokens == 0 || counter.tokens < maxTokens);
            if (admitted) {
                counter.requests++;
            }
            return new Counts(counter.requests, counter.tokens, admitted);
        }
    }

    @Override
    public void release(String bucket, long windowMillis, long window) {
        Counter counter = counters.get(key(bucket, windowMillis));
        if (counter != null) {
            synchronized (counter) {
                if (counter.window == window && counter.requests > 0) {
                    counter.requests--;
                }
            }
        }
    }

    @Override
    public void addTokens(String bucket, long windowMillis, long window, long tokens) {
        Counter counter = counters.computeIfAbsent(key(bucket, windowMillis), k -> new Counter());
        synchronized (counter) {
            // Tokens of a call that ends in a later window count there: that is when they were spent.
            if (window >= counter.window) {
                counter.moveTo(window);
            }
            counter.tokens += tokens;
        }
    }

    private static String key(String bucket, long windowMillis) {
        return windowMillis + "/" + bucket;
    }

    private static final class Counter {
        private long window = Long.MIN_VALUE;
        private long requests;
        private long tokens;

        void moveTo(long next) {
            if (next > window) {
                window = next;
                requests = 0;
                tokens = 0;
            }
        }
    }
}
