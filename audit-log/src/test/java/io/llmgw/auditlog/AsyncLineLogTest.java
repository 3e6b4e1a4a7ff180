package io.llmgw.auditlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The queue and its writer as a caller sees them (never blocked, losses counted) and as the
 * destination sees them (lines in batches, everything queued written before it is closed), and
 * the service's log as an operator reads it when writes fail: one line per burst, one when they
 * recover.
 */
class AsyncLineLogTest {

    private static final Duration SHORT_PAUSE = Duration.ofMillis(2);
    private static final Duration LONG_PAUSE = Duration.ofMinutes(1);

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    /** The service's logger, keeping what it is given. */
    private final Logger logger = new Logger(AsyncLineLogTest.class.getName() + ".service", null) {
        @Override
        public void log(LogRecord record) {
            logged.add(record);
        }
    };
    private final FailureReport report = new FailureReport(logger, lost -> "test_log_write_failed: " + lost + " lost",
            (batches, total) -> "test log recovered after " + batches + " batches (" + total + " lost)");

    /** Keeps every batch written; while {@link #failing}, throws as a full disk does. */
    private static class Batches implements LineSink {
        final List<String> written = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public void write(String lines) {
            if (failing.get()) {
                throw new UncheckedIOException(new IOException("No space left on device"));
            }
            written.add(lines);
            events.add("write");
        }

        @Override
        public void close() {
            events.add("close");
        }

        List<String> lines() {
            return written.stream().flatMap(String::lines).toList();
        }
    }

    /** Holds every write until released, as a stalled disk does. */
    private static final class Held extends Batches {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void write(String lines) {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.write(lines);
        }
    }

    private List<LogRecord> logged(Level level) {
        return logged.stream().filter(r -> r.getLevel().equals(level)).toList();
    }

    private AsyncLineLog<String> log(int capacity, Duration idlePause, LineSink sink) {
        return new AsyncLineLog<>(capacity, "test-log-writer", idlePause, r -> "{\"id\":\"" + r + "\"}", sink, report);
    }

    /** A log whose writer is held writing {@code first}, so that what is recorded next waits in the queue. */
    private AsyncLineLog<String> busy(int capacity, Held sink) throws InterruptedException {
        var log = log(capacity, SHORT_PAUSE, sink);
        log.record("first");
        assertThat(sink.entered.await(5, TimeUnit.SECONDS)).isTrue();
        return log;
    }

    @Test
    void record_whileTheWriterIsBusy_gatheredIntoOneWriteOfSeparatedLines() throws Exception {
        var sink = new Held();
        try (var log = busy(10, sink)) {
            log.record("a");
            log.record("b");
            log.record("c");
            sink.release.countDown();
        }

        assertThat(sink.written).containsExactly("{\"id\":\"first\"}",
                String.join(System.lineSeparator(), "{\"id\":\"a\"}", "{\"id\":\"b\"}", "{\"id\":\"c\"}"));
    }

    @Test
    void record_queueFull_droppedAndCountedWithoutBlocking() throws Exception {
        var sink = new Held();
        try (var log = busy(2, sink)) {
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                log.record("d-" + i);
            }

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(log.dropped()).isEqualTo(3);
            sink.release.countDown();
        }
        // The two that found room in the queue are written when the writer is free again.
        assertThat(sink.lines()).containsExactly("{\"id\":\"first\"}", "{\"id\":\"d-0\"}", "{\"id\":\"d-1\"}");
    }

    @Test
    void close_recordsStillQueued_allWrittenThenTheSinkClosed() {
        var sink = new Batches();
        long start = System.nanoTime();
        // The writer sleeps a minute when idle: only close can make it write these in time.
        try (var log = log(100, LONG_PAUSE, sink)) {
            for (int i = 0; i < 50; i++) {
                log.record("d-" + i);
            }
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(sink.lines()).hasSize(50).startsWith("{\"id\":\"d-0\"}").endsWith("{\"id\":\"d-49\"}");
        assertThat(sink.events).last().isEqualTo("close");
        assertThat(sink.events).containsOnlyOnce("close");
    }

    @Test
    void write_sinkFailsForABurst_lostCountedFailureLoggedOnceThenRecovery() throws Exception {
        var sink = new Batches();
        sink.failing.set(true);
        try (var log = log(10, SHORT_PAUSE, sink)) {
            for (int i = 1; i <= 3; i++) {
                log.record("lost-" + i);
                long failures = i;
                waitFor(() -> log.writeFailures() == failures);
            }
            sink.failing.set(false);
            log.record("kept");
            waitFor(() -> !sink.written.isEmpty());

            assertThat(log.writeFailures()).isEqualTo(3);
            assertThat(log.dropped()).isZero();
        }

        assertThat(sink.lines()).containsExactly("{\"id\":\"kept\"}");
        List<LogRecord> failures = logged(Level.SEVERE);
        assertThat(failures).hasSize(1);
        assertThat(failures.getFirst().getMessage()).isEqualTo("test_log_write_failed: 1 lost");
        assertThat(failures.getFirst().getThrown()).hasMessageContaining("No space left on device");
        assertThat(failures.getFirst().getSourceClassName()).isEqualTo(logger.getName());
        assertThat(logged(Level.WARNING)).extracting(LogRecord::getMessage)
                .containsExactly("test log recovered after 3 batches (3 lost)");
    }

    @Test
    void write_secondBurst_loggedAgainWithTheLossesSinceStart() throws Exception {
        var sink = new Batches();
        try (var log = log(10, SHORT_PAUSE, sink)) {
            for (int burst = 1; burst <= 2; burst++) {
                sink.failing.set(true);
                log.record("lost-" + burst);
                long failures = burst;
                waitFor(() -> log.writeFailures() == failures);
                sink.failing.set(false);
                log.record("kept-" + burst);
                int written = burst;
                waitFor(() -> sink.written.size() == written);
            }
        }

        assertThat(logged(Level.SEVERE)).hasSize(2);
        assertThat(logged(Level.WARNING)).extracting(LogRecord::getMessage).containsExactly(
                "test log recovered after 1 batches (1 lost)", "test log recovered after 1 batches (2 lost)");
    }

    @Test
    void write_formatterThrows_batchCountedAsLostLaterRecordsWritten() throws Exception {
        var sink = new Batches();
        try (var log = new AsyncLineLog<String>(10, "test-log-writer", SHORT_PAUSE, r -> {
            if (r.equals("bad")) {
                throw new IllegalArgumentException("cannot render");
            }
            return r;
        }, sink, report)) {
            log.record("bad");
            waitFor(() -> log.writeFailures() == 1);
            log.record("good");
        }

        assertThat(sink.lines()).containsExactly("good");
        assertThat(logged(Level.SEVERE)).singleElement()
                .satisfies(r -> assertThat(r.getThrown()).hasMessage("cannot render"));
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 5 s").isLessThan(end);
            Thread.sleep(5);
        }
    }
}
