package io.llmgw.authz.audit;

import io.llmgw.auditlog.AsyncLineLog;
import io.llmgw.auditlog.FailureReport;
import io.llmgw.auditlog.LineSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Writes decision events off the hot path (the shared {@link AsyncLineLog}): callers only offer
 * to a bounded queue, and one background thread formats and writes in batches. When the queue
 * is full the event is dropped and counted, so a slow disk never slows a check. The writer is
 * never woken by a check: a decision reaches the sink at most a few milliseconds later.
 */
public final class AsyncDecisionLog extends AsyncLineLog<DecisionEvent> implements DecisionLog {

    /** How long the writer sleeps when it finds nothing to write. */
    static final Duration IDLE_PAUSE = Duration.ofMillis(2);
    /** The log's name in its destinations' errors. */
    public static final String NAME = "decision log";
    private static final FailureReport REPORT = new FailureReport(
            Logger.getLogger(AsyncDecisionLog.class.getName()),
            lost -> "decision_log_write_failed: " + lost + " events lost; further failures are counted in"
                    + " llmgw_authz_decision_log_write_failures_total and logged again once writes recover",
            (batches, lostSinceStart) -> "decision log writes recovered after " + batches + " failed batches ("
                    + lostSinceStart + " events lost since start)");

    /**
     * @param capacity most events waiting to be written
     * @param bundleName name the revision is reported under ({@code bundles.<name>.revision})
     * @param labels static labels written with every event
     * @param maskedPointers JSON pointers into the input to erase before writing
     * @param sink receives one JSON line per event, on the writer thread
     */
    public AsyncDecisionLog(int capacity, String bundleName, Map<String, String> labels, List<String> maskedPointers,
            LineSink sink) {
        super(capacity, "decision-log-writer", IDLE_PAUSE, new EventFormatter(bundleName, labels, maskedPointers)::format,
                sink, REPORT);
    }
}
