package io.llmgw.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class AsyncDecisionLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static DecisionEvent event(String id) throws Exception {
        JsonNode input = JSON.readTree("""
                {"principal": {"key_id": "k1", "metadata": {"email": "a@b.c", "env": "prod"}},
                 "model": {"requested": "alias", "resolved": "upstream"}}""");
        return new DecisionEvent(id, "llmgw/authz/decision", input, JSON.readTree("{\"allow\": true, \"reasons\": []}"),
                Instant.parse("2026-11-28T10:00:00Z"), "rev-1", Duration.ofNanos(1500), Duration.ofNanos(9000), false);
    }

    @Test
    void record_event_writesOneLineInOpaDecisionLogShape() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (var log = new AsyncDecisionLog(10, "llmgw", Map.of("app", "test"), List.of(), batch -> lines.addAll(batch.lines().toList()))) {
            log.record(event("d-1"));
        }

        assertThat(lines).hasSize(1);
        JsonNode line = JSON.readTree(lines.getFirst());
        assertThat(line.path("decision_id").asText()).isEqualTo("d-1");
        assertThat(line.path("path").asText()).isEqualTo("llmgw/authz/decision");
        assertThat(line.path("bundles").path("llmgw").path("revision").asText()).isEqualTo("rev-1");
        assertThat(line.path("input").path("model").path("requested").asText()).isEqualTo("alias");
        assertThat(line.path("result").path("allow").asBoolean()).isTrue();
        assertThat(line.path("timestamp").asText()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(line.path("metrics").path("timer_rego_query_eval_ns").asLong()).isEqualTo(1500);
        assertThat(line.path("metrics").path("timer_server_handler_ns").asLong()).isEqualTo(9000);
        assertThat(line.path("metrics").path("counter_decision_cache_hit").asInt()).isZero();
        assertThat(line.path("labels").path("app").asText()).isEqualTo("test");
    }

    @Test
    void record_maskedPointer_fieldErasedAndListed() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (var log = new AsyncDecisionLog(10, "llmgw", Map.of(), List.of("/principal/metadata/email", "/absent/x"),
                batch -> lines.addAll(batch.lines().toList()))) {
            log.record(event("d-2"));
        }

        JsonNode line = JSON.readTree(lines.getFirst());
        assertThat(line.path("input").path("principal").path("metadata").has("email")).isFalse();
        assertThat(line.path("input").path("principal").path("metadata").path("env").asText()).isEqualTo("prod");
        assertThat(line.path("erased").toString()).isEqualTo("[\"/input/principal/metadata/email\"]");
        assertThat(lines.getFirst()).doesNotContain("a@b.c");
    }

    @Test
    void record_queueFull_dropsAndCountsWithoutBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> lines = new CopyOnWriteArrayList<>();
        long dropped;
        try (var log = new AsyncDecisionLog(2, "llmgw", Map.of(), List.of(), batch -> {
            awaitQuietly(release);
            lines.addAll(batch.lines().toList());
        })) {
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                log.record(event("d-" + i));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            // The blocked writer holds at most one batch (up to 3 events here), two wait in the
            // queue, the rest are dropped.
            dropped = log.dropped();
            assertThat(dropped).isBetween(45L, 48L);
            release.countDown();
        }
        // Closing writes what was queued: every event is either written or counted as dropped.
        assertThat(lines.size() + dropped).isEqualTo(50);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void write_sinkFailsForABurst_eventsCountedFailureLoggedOnceThenRecovery() throws Exception {
        var failing = new AtomicBoolean(true);
        List<String> lines = new CopyOnWriteArrayList<>();
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        var logger = Logger.getLogger(AsyncDecisionLog.class.getName());
        var handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try (var log = new AsyncDecisionLog(100, "llmgw", Map.of(), List.of(), batch -> {
            if (failing.get()) {
                throw new UncheckedIOException(new IOException("No space left on device"));
            }
            lines.addAll(batch.lines().toList());
        })) {
            for (int i = 0; i < 5; i++) {
                log.record(event("d-" + i));
                Thread.sleep(20);
            }
            awaitCondition(() -> log.writeFailures() == 5);
            failing.set(false);
            log.record(event("d-ok"));
            awaitCondition(() -> !lines.isEmpty());

            assertThat(log.writeFailures()).isEqualTo(5);
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(logged.stream().filter(r -> r.getMessage().startsWith("decision_log_write_failed"))).hasSize(1);
        assertThat(logged.stream().filter(r -> r.getMessage().startsWith("decision log writes recovered"))).hasSize(1);
        assertThat(lines).hasSize(1);
    }

    @Test
    void printingSink_outputFails_writeThrows() {
        var broken = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        });

        assertThatThrownBy(() -> DecisionSinks.printing(broken).write("{}"))
                .isInstanceOf(UncheckedIOException.class);
    }

    private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
