package io.llmgw.auditlog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.logging.Level;

/**
 * A log of one JSON line per record, written off the caller's path: a caller only offers its
 * record to a bounded queue; one daemon thread formats what has gathered and writes it to the
 * sink as one batch (one write, and so one flush, per batch). A full queue drops the record and
 * a failed write loses its batch, each counted: the log never slows or fails its caller.
 *
 * <p>The writer is never woken by a caller: it finds the queue empty, sleeps its idle pause, and
 * takes whatever arrived meanwhile as one batch. Waking it per record (a blocking take) put a
 * thread wake-up on every caller's path and made the writer compete for the CPU once per record
 * instead of once per batch; a record now reaches the sink at most a few milliseconds later.
 *
 * <p>A service extends it only to give it a name and the service's own log interface; its
 * behaviour is final.
 *
 * @param <T> the record type, formatted on the writer thread
 */
public class AsyncLineLog<T> implements AutoCloseable {

    private static final int MAX_BATCH = 256;
    /** How long {@link #close} waits for the writer to write what is queued. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final BlockingQueue<T> queue;
    private final Duration idlePause;
    private final Function<? super T, String> formatter;
    private final LineSink sink;
    private final FailureReport report;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder writeFailures = new LongAdder();
    /** Failed batches in the current burst of failures; only the writer thread touches it. */
    private long failingBatches;
    private final Thread writer;
    private volatile boolean closing;

    /**
     * Starts the writer thread.
     *
     * @param capacity most records waiting to be written
     * @param threadName the writer thread's name, such as {@code decision-log-writer}
     * @param idlePause how long the writer sleeps when it finds the queue empty: the most a
     *     record waits before its batch is taken
     * @param formatter renders one record as one line (no line separator in it)
     * @param sink the destination, written on the writer thread and closed by {@link #close}
     * @param report how write failures are logged
     */
    public AsyncLineLog(int capacity, String threadName, Duration idlePause, Function<? super T, String> formatter,
            LineSink sink, FailureReport report) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.idlePause = Objects.requireNonNull(idlePause, "idlePause");
        this.formatter = Objects.requireNonNull(formatter, "formatter");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.report = Objects.requireNonNull(report, "report");
        this.writer = Thread.ofPlatform().daemon().name(threadName).start(this::drain);
    }

    /** Queues {@code record} for writing; drops it, counted, when the queue is full. Never blocks. */
    public final void record(T record) {
        if (!queue.offer(record)) {
            dropped.increment();
        }
    }

    /** Records dropped so far because the queue was full. */
    public final long dropped() {
        return dropped.sum();
    }

    /** Records lost so far because writing (or formatting) their batch failed. */
    public final long writeFailures() {
        return writeFailures.sum();
    }

    private void drain() {
        List<T> batch = new ArrayList<>(MAX_BATCH);
        StringBuilder lines = new StringBuilder();
        while (!closing || !queue.isEmpty()) {
            if (queue.drainTo(batch, MAX_BATCH) == 0) {
                LockSupport.parkNanos(idlePause.toNanos());
                continue;
            }
            try {
                for (T record : batch) {
                    if (!lines.isEmpty()) {
                        lines.append(System.lineSeparator());
                    }
                    lines.append(formatter.apply(record));
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

    private void failed(int records, RuntimeException e) {
        writeFailures.add(records);
        if (failingBatches++ == 0) {
            report.logger().logp(Level.SEVERE, report.logger().getName(), "write", report.failed().apply(records), e);
        }
    }

    private void recovered() {
        if (failingBatches > 0) {
            String line = report.recovered().line(failingBatches, writeFailures.sum());
            failingBatches = 0;
            report.logger().logp(Level.WARNING, report.logger().getName(), "write", line);
        }
    }

    /** Writes what is queued (waiting at most 5 s for it), then closes the sink. */
    @Override
    public final void close() {
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.close();
    }
}
