package io.llmgw.gateway.audit;

import io.llmgw.gateway.config.EnforcementLogConfig;
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
            case "stdout" -> new AsyncEnforcementLog(config.queueCapacity(), labels, EnforcementSinks.stdout());
            case "file" -> new AsyncEnforcementLog(config.queueCapacity(), labels,
                    EnforcementSinks.rotatingFile(config.file(), config.maxFileBytes(), config.files()));
            // "none", the only other value the configuration accepts
            default -> none();
        };
    }

    /** A log that keeps nothing ({@code gateway.enforcement-log.output: none}). */
    static EnforcementLog none() {
        return record -> { };
    }
}
