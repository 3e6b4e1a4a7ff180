package io.llmgw.authz.audit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes decision events off the hot path: callers only offer to a bounded queue, and one
 * background thread formats and writes. When the queue is full the event is dropped and
 * counted, so a slow disk never slows a check.
 */
public final class AsyncDecisionLog implements DecisionLog {

    private static final Logger LOG = Logger.getLogger(AsyncDecisionLog.class.getName());

    private final BlockingQueue<DecisionEvent> queue;
    private final EventFormatter formatter;
    private final DecisionSink sink;
    private final LongAdder dropped = new LongAdder();
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

    private void drain() {
        while (!closing || !queue.isEmpty()) {
            try {
                DecisionEvent event = queue.poll(100, TimeUnit.MILLISECONDS);
                if (event != null) {
                    sink.write(formatter.format(event));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "decision_log_write_failed", e);
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.close();
    }
}
