package io.llmgw.auditlog;

/** Receives a log's lines, one JSON object each, on the log's writer thread. */
public interface LineSink extends AutoCloseable {

    /**
     * Writes one or more lines, separated (not terminated) by line separators; throws when it
     * cannot, so that the log counts the lines as lost.
     */
    void write(String lines);

    /** Flushes and releases the destination. */
    @Override
    default void close() {}
}
