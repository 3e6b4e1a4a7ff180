package io.llmgw.authz.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes decision events off the hot path: callers only offer to a bounded queue, and one
 * background thread formats and writes. When the queue is full the event is dropped and
 * counted, so a slow disk never slows a check.
 *
 * <p>The writer is never woken by a check: it finds the queue empty, sleeps {@link #IDLE_PAUSE},
 * and takes whatever arrived meanwhile as one batch. Waking it per event (a blocking take) put
 * a thread wake-up on every check's path and made the writer compete for the CPU once per
 * check instead of once per batch; a decision now reaches the sink at most a few milliseconds
 * later.
 */
public final class AsyncDecisionLog implements DecisionLog {

    private static final Logger LOG = Logger.getLogger(AsyncDecisionLog.class.getName());
    private static final int MAX_BATCH = 256;
    /** How long the writer sleeps when it finds nothing to write. */
    static final Duration IDLE_PAUSE = Duration.ofMillis(2);

    private final BlockingQueue<DecisionEvent> queue;
    private final EventFormatter formatter;
    private final DecisionSink sink;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder writeFailures = new LongAdder();
    /** Failed batches in the current burst of failures; only the writer thread touches it. */
    private long failingBatches;
    private final Thread writer;
    private volatile boolean closing;

    /**
     * @param capacity most events waiting to be written
     * @param bundleName name the revision is reported under ({@code bundles.<name>.revision})
     * @param labels static labels written with every event
     * @param maskedPointers JSON pointers into the input to erase before writing
     * @param sink receives one JSON line per event, on the writer thread
     */
    public AsyncDecisionLog(int capacity, String bundleName, Map<String, String> labels, List<String> maskedPointers,
            DecisionSink sink) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.formatter = new EventFormatter(bundleName, labels, maskedPointers);
        this.sink = sink;
        this.writer = Thread.ofPlatform().daemon().name("decision-log-writer").start(this::drain);
    }

    @Override
    public void record(DecisionEvent event) {
        if (!queue.offer(event)) {
            dropped.increment();
        }
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public long writeFailures() {
        return writeFailures.sum();
    }

    /** Writes what is queued in batches: one sink write (and so one flush) per batch, not per event. */
    private void drain() {
        List<DecisionEvent> batch = new ArrayList<>(MAX_BATCH);
        StringBuilder lines = new StringBuilder();
        while (!closing || !queue.isEmpty()) {
            try {
                if (queue.drainTo(batch, MAX_BATCH) == 0) {
                    LockSupport.parkNanos(IDLE_PAUSE.toNanos());
                    continue;
                }
                for (DecisionEvent event : batch) {
                    if (!lines.isEmpty()) {
                        lines.append(System.lineSeparator());
                    }
                    lines.append(formatter.format(event));
                }
                sink.write(lines.toString());
                recovered();
            } catch (RuntimeException e) {
                failed(batch.size(), e);
            } finally {
                batch.clear();
                lines.setLength(0);
            }
        }
    }

    /**
     * Counts the events of a batch that could not be written. A failing disk fails every
     * batch: the first failure of a burst is logged with its cause, the rest only counted,
     * until a write succeeds again.
     */
    private void failed(int events, RuntimeException e) {
        writeFailures.add(events);
        if (failingBatches++ == 0) {
            LOG.log(Level.SEVERE, "decision_log_write_failed: " + events + " events lost; further failures are counted"
                    + " in llmgw_authz_decision_log_write_failures_total and logged again once writes recover", e);
        }
    }

    private void recovered() {
        if (failingBatches > 0) {
            long batches = failingBatches;
            failingBatches = 0;
            LOG.warning(() -> "decision log writes recovered after " + batches + " failed batches ("
                    + writeFailures.sum() + " events lost since start)");
        }
    }

    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.close();
    }
}
