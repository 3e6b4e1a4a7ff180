package io.llmgw.authz.audit;

/** Where decisions are recorded. {@link #record} never blocks the caller. */
public interface DecisionLog extends AutoCloseable {

    /** Queues {@code event} for writing; drops it (and counts the drop) when the queue is full. */
    void record(DecisionEvent event);

    /** Events dropped so far because the queue was full. */
    long dropped();

    /** Writes what is queued, then stops. */
    @Override
    void close();
}
