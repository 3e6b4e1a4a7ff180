package io.llmgw.authz.audit;

/** Receives decision-log lines, one JSON object each, on the log's writer thread. */
public interface DecisionSink extends AutoCloseable {

    /** Writes one or more lines (separated, not terminated, by line separators). */
    void write(String lines);

    /** Flushes and releases the destination. */
    @Override
    default void close() {}
}
