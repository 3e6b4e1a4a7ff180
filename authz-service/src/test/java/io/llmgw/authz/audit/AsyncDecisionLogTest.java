package io.llmgw.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgw.authz.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The decision log as a collector reads it (OPA's event shape, masked input) and as an operator
 * reads the service's log when its writes fail. The queue, the writer and the destinations are
 * tested once, in the audit-log module.
 */
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
    void write_sinkFailsForABurst_eventsCountedFailureLoggedOnceThenRecovery() throws Exception {
        var failing = new AtomicBoolean(true);
        List<String> lines = new CopyOnWriteArrayList<>();
        try (var logged = LogCapture.of(AsyncDecisionLog.class)) {
            try (var log = new AsyncDecisionLog(100, "llmgw", Map.of(), List.of(), batch -> {
                if (failing.get()) {
                    throw new UncheckedIOException(new IOException("No space left on device"));
                }
                lines.addAll(batch.lines().toList());
            })) {
                // One event a batch: five failed writes in one burst.
                for (int i = 1; i <= 5; i++) {
                    log.record(event("d-" + i));
                    long lost = i;
                    awaitCondition(() -> log.writeFailures() == lost);
                }
                failing.set(false);
                log.record(event("d-ok"));
            }

            assertThat(logged.messages()).containsExactly(
                    "decision_log_write_failed: 1 events lost; further failures are counted in"
                            + " llmgw_authz_decision_log_write_failures_total and logged again once writes recover",
                    "decision log writes recovered after 5 failed batches (5 events lost since start)");
        }
        assertThat(lines).hasSize(1);
    }

    private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
