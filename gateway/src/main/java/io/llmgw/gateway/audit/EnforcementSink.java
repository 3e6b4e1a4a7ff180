package io.llmgw.gateway.audit;

/** Receives enforcement-log lines on the log's writer thread. */
public interface EnforcementSink extends AutoCloseable {

    /** Writes one or more JSON lines, separated (not terminated) by line separators; throws when it cannot. */
    void write(String lines);

    /** Flushes and releases the destination. */
    @Override
    default void close() {}
}
