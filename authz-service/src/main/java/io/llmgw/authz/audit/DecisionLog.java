package io.llmgw.authz.audit;

/** Where decisions are recorded. {@link #record} never blocks the caller. */
public interface DecisionLog extends AutoCloseable {

    /** Queues {@code event} for writing; drops it (and counts the drop) when the queue is full. */
    void record(DecisionEvent event);

    /** Events dropped so far because the queue was full. */
    long dropped();

    /** Events lost so far because writing them to the sink failed; 0 for a log that cannot fail. */
    default long writeFailures() {
        return 0;
    }

    /** Writes what is queued, then stops. */
    @Override
    void close();
}
