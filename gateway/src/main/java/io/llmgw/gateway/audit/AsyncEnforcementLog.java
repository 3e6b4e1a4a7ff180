package io.llmgw.gateway.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The enforcement log off the request path: a call only offers its record to a bounded queue;
 * one daemon thread formats what has gathered and writes it as one batch. The writer is never
 * woken by a call (it sleeps {@link #IDLE_PAUSE} when it finds nothing), so a call pays for one
 * queue offer and no thread wake-up; a record reaches its destination a few milliseconds later.
 * A full queue drops the record and a failed write loses its batch, each counted: the log never
 * slows or fails a call.
 */
public final class AsyncEnforcementLog implements EnforcementLog {

    private static final Logger LOG = Logger.getLogger(AsyncEnforcementLog.class.getName());
    /** How long the writer sleeps when it finds the queue empty. */
    static final Duration IDLE_PAUSE = Duration.ofMillis(5);
    private static final int MAX_BATCH = 256;

    private final BlockingQueue<EnforcementRecord> queue;
    private final EnforcementFormatter formatter;
    private final EnforcementSink sink;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder writeFailures = new LongAdder();
    private final Thread writer;
    private volatile boolean closing;
    /** Whether the last batch failed; only the writer thread touches it. */
    private boolean failing;

    /**
     * @param capacity most records waiting to be written
     * @param labels written with every record, such as {@code app: llmgw-gateway}
     * @param sink the destination, written on the writer thread
     */
    public AsyncEnforcementLog(int capacity, Map<String, String> labels, EnforcementSink sink) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.formatter = new EnforcementFormatter(labels);
        this.sink = sink;
        this.writer = Thread.ofPlatform().daemon().name("enforcement-log-writer").start(this::drain);
    }

    @Override
    public void record(EnforcementRecord record) {
        if (!queue.offer(record)) {
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

    private void drain() {
        List<EnforcementRecord> batch = new ArrayList<>(MAX_BATCH);
        while (!closing || !queue.isEmpty()) {
            if (queue.drainTo(batch, MAX_BATCH) == 0) {
                LockSupport.parkNanos(IDLE_PAUSE.toNanos());
                continue;
            }
            write(batch);
            batch.clear();
        }
    }

    /**
     * One sink write per batch. A failing destination fails every batch: the first failure is
     * logged with its cause, the rest counted until a write succeeds and the recovery is logged.
     */
    private void write(List<EnforcementRecord> batch) {
        try {
            StringJoiner lines = new StringJoiner(System.lineSeparator());
            batch.forEach(r -> lines.add(formatter.format(r)));
            sink.write(lines.toString());
            if (failing) {
                failing = false;
                LOG.warning(() -> "enforcement log writes recovered (" + writeFailures.sum()
                        + " records lost since start)");
            }
        } catch (RuntimeException e) {
            writeFailures.add(batch.size());
            if (!failing) {
                failing = true;
                LOG.log(Level.SEVERE, "enforcement_log_write_failed: " + batch.size() + " records lost; further"
                        + " losses are counted in enforcement_log_write_failures_total until writes recover", e);
            }
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
