package io.llmgw.gateway.audit;

import io.llmgw.auditlog.LineSink;
import io.llmgw.auditlog.LineSinks;
import io.llmgw.gateway.config.EnforcementLogConfig;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Where enforcement records go. {@link #record} never blocks and never throws. */
public interface EnforcementLog extends AutoCloseable {

    /** Queues {@code record} for writing; drops it, counted, when the queue is full. */
    void record(EnforcementRecord record);

    /** Records dropped so far because the queue was full; 0 for a log without a queue. */
    default long dropped() {
        return 0;
    }

    /** Records lost so far because writing them failed; 0 for a log that cannot fail. */
    default long writeFailures() {
        return 0;
    }

    /** Writes what is queued, then releases the destination. */
    @Override
    default void close() {}

    /** The log {@code config} asks for, its records labelled {@code app: llmgw-gateway}. */
    static EnforcementLog open(EnforcementLogConfig config) {
        Map<String, String> labels = Map.of("app", "llmgw-gateway");
        return switch (config.output()) {
            case "stdout" -> new AsyncEnforcementLog(config.queueCapacity(), labels, stdout());
            case "file" -> new AsyncEnforcementLog(config.queueCapacity(), labels, LineSinks.rotatingFile(config.file(),
                    config.maxFileBytes(), config.files(), AsyncEnforcementLog.NAME));
            // "none", the only other value the configuration accepts
            default -> none();
        };
    }

    /**
     * The process's standard output, by its file descriptor (whatever {@code System.out} has been
     * set to); the gateway's own log lines go to standard error.
     */
    private static LineSink stdout() {
        return LineSinks.printing(new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                StandardCharsets.UTF_8), AsyncEnforcementLog.NAME);
    }

    /** A log that keeps nothing ({@code gateway.enforcement-log.output: none}). */
    static EnforcementLog none() {
        return record -> { };
    }
}
