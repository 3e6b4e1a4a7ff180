package io.llmgw.gateway.limits;

/**
 * Where rate-limit counters live: one counter of requests and one of tokens per bucket and
 * window. {@link InMemoryLimitStore} keeps them in this gateway's memory, so each gateway
 * instance counts alone; a fleet that must share one budget plugs in a shared store (Redis,
 * say) implementing the same two operations atomically.
 */
public interface LimitStore {

    /**
     * Counts one request in {@code window} of {@code bucket} when both counters are below
     * their limits (a limit of 0 is no limit), atomically.
     *
     * @param window the window's number: its start in milliseconds divided by its length
     * @return the counts after the call; {@link Counts#admitted()} false when it was refused
     */
    Counts acquire(String bucket, long windowMillis, long window, long maxRequests, long maxTokens);

    /** Gives back a request counted by {@link #acquire} for a call that did not go ahead. */
    void release(String bucket, long windowMillis, long window);

    /** Adds the tokens a call used (from the upstream's usage) to its window. */
    void addTokens(String bucket, long windowMillis, long window, long tokens);

    /**
     * The counters of one window.
     *
     * @param requests requests counted
     * @param tokens tokens counted
     * @param admitted whether the call asking was counted
     */
    record Counts(long requests, long tokens, boolean admitted) {}
}
