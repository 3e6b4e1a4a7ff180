package io.llmgw.gateway.audit;

import io.llmgw.auditlog.AsyncLineLog;
import io.llmgw.auditlog.FailureReport;
import io.llmgw.auditlog.LineSink;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The enforcement log off the request path (the shared {@link AsyncLineLog}): a call only offers
 * its record to a bounded queue; one daemon thread formats what has gathered and writes it as
 * one batch, a few milliseconds later. A full queue drops the record and a failed write loses
 * its batch, each counted: the log never slows or fails a call.
 */
public final class AsyncEnforcementLog extends AsyncLineLog<EnforcementRecord> implements EnforcementLog {

    /** How long the writer sleeps when it finds the queue empty. */
    static final Duration IDLE_PAUSE = Duration.ofMillis(5);
    /** The log's name in its destinations' errors. */
    static final String NAME = "enforcement log";
    private static final FailureReport REPORT = new FailureReport(
            Logger.getLogger(AsyncEnforcementLog.class.getName()),
            lost -> "enforcement_log_write_failed: " + lost + " records lost; further losses are counted in"
                    + " enforcement_log_write_failures_total until writes recover",
            (batches, lostSinceStart) -> "enforcement log writes recovered (" + lostSinceStart
                    + " records lost since start)");

    /**
     * @param capacity most records waiting to be written
     * @param labels written with every record, such as {@code app: llmgw-gateway}
     * @param sink the destination, written on the writer thread
     */
    public AsyncEnforcementLog(int capacity, Map<String, String> labels, LineSink sink) {
        super(capacity, "enforcement-log-writer", IDLE_PAUSE, new EnforcementFormatter(labels)::format, sink, REPORT);
    }
}
