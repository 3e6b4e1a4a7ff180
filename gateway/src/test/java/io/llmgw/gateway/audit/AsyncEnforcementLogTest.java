package io.llmgw.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgw.auditlog.LineSink;
import io.llmgw.gateway.config.EnforcementLogConfig;
import io.llmgw.gateway.limits.RateLimiter;
import io.llmgw.gateway.obligations.Applied;
import io.llmgw.gateway.testing.LoggedLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enforcement log as a security team reads it: one JSON line per call, joinable by
 * decision id, saying what each obligation did; and as an operator reads the gateway's log when
 * its writes fail. The queue, the writer and the destinations are tested once, in the
 * audit-log module.
 */
class AsyncEnforcementLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A capped, narrowed, tagged and counted call. */
    static EnforcementRecord shapedCall(String decisionId) {
        return new EnforcementRecord(Instant.parse("2026-12-02T03:00:00Z"), decisionId, "req-1", "alice", "ml",
                "chat.completions", 1, new EnforcementRecord.Model("pooled", "pool-eu", "pool-eu"), Optional.empty(),
                List.of(new Applied.Deployments(List.of("pool-eu"), 2, "pool-eu", Optional.of("pool-us")),
                        new Applied.OutputCap(256, List.of(
                                new Applied.LimitField("max_tokens", OptionalLong.of(4000), 256),
                                new Applied.LimitField("max_completion_tokens", OptionalLong.empty(), 256)),
                                Optional.empty()),
                        new Applied.UpstreamHeaders(List.of("x-llmgw-team")),
                        new Applied.RateLimits(List.of(new RateLimiter.Count("team:ml", Duration.ofMinutes(1), 5, 2,
                                0, 0, Duration.ofSeconds(30))), false)));
    }

    /** Collects what is written; {@link #failing} makes writes throw. */
    static final class Lines implements LineSink {
        final List<String> written = new CopyOnWriteArrayList<>();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public void write(String lines) {
            if (failing.get()) {
                throw new IllegalStateException("disk full");
            }
            written.addAll(lines.lines().toList());
        }
    }

    private static JsonNode only(Lines sink) throws Exception {
        assertThat(sink.written).hasSize(1);
        return JSON.readTree(sink.written.getFirst());
    }

    @Test
    void record_shapedCall_oneLineSayingWhatEachObligationDid() throws Exception {
        var sink = new Lines();
        try (var log = new AsyncEnforcementLog(10, Map.of("app", "llmgw-gateway"), sink)) {
            log.record(shapedCall("d-1"));
        }

        JsonNode line = only(sink);
        assertThat(line.path("decision_id").asText()).isEqualTo("d-1");
        assertThat(line.path("labels").path("app").asText()).isEqualTo("llmgw-gateway");
        assertThat(line.path("outcome").asText()).isEqualTo("sent");
        assertThat(line.path("call").asInt()).isEqualTo(1);
        assertThat(line.at("/model/deployment").asText()).isEqualTo("pool-eu");
        JsonNode applied = line.path("applied");
        assertThat(applied.at("/deployments/allowed").toString()).isEqualTo("[\"pool-eu\"]");
        assertThat(applied.at("/deployments/candidates").asInt()).isEqualTo(2);
        assertThat(applied.at("/deployments/replaced").asText()).isEqualTo("pool-us");
        assertThat(applied.at("/max_output_tokens/cap").asLong()).isEqualTo(256);
        assertThat(applied.at("/max_output_tokens/fields/0").toString())
                .isEqualTo("{\"field\":\"max_tokens\",\"asked\":4000,\"sent\":256,\"lowered\":true}");
        assertThat(applied.at("/max_output_tokens/fields/1/asked").isNull()).isTrue();
        assertThat(applied.at("/upstream_headers/names").toString()).isEqualTo("[\"x-llmgw-team\"]");
        assertThat(applied.at("/rate_limits/buckets/0").toString()).isEqualTo("{\"bucket\":\"team:ml\","
                + "\"per_seconds\":60,\"requests\":{\"limit\":5,\"used\":2,\"remaining\":3},\"reset_ms\":30000}");
        assertThat(line.has("refusal")).isFalse();
    }

    @Test
    void record_refusedAllow_outcomeAndCodeNothingApplied() throws Exception {
        var sink = new Lines();
        try (var log = new AsyncEnforcementLog(10, Map.of(), sink)) {
            log.record(new EnforcementRecord(Instant.now(), "d-2", "req-2", "alice", "", "chat.completions", 2,
                    new EnforcementRecord.Model("m", "m-v1", "m-1"),
                    Optional.of(new EnforcementRecord.Refusal("rate_limited", "Rate limit reached for team:ml")),
                    List.of()));
        }

        JsonNode line = only(sink);
        assertThat(line.path("outcome").asText()).isEqualTo("refused");
        assertThat(line.at("/refusal/code").asText()).isEqualTo("rate_limited");
        assertThat(line.path("applied").isEmpty()).isTrue();
        assertThat(line.path("call").asInt()).isEqualTo(2);
    }

    @Test
    void record_namesWithQuotesAndLineBreaks_oneValidLine() throws Exception {
        var sink = new Lines();
        String hostile = "x\"}\n{\"decision_id\": \"forged\u2028";
        try (var log = new AsyncEnforcementLog(10, Map.of(), sink)) {
            log.record(new EnforcementRecord(Instant.now(), "d-3", "req-3", "alice", "", "chat.completions", 1,
                    new EnforcementRecord.Model(hostile, hostile, "m-1"), Optional.empty(), List.of()));
        }

        assertThat(only(sink).at("/model/requested").asText()).isEqualTo(hostile);
    }

    @Test
    void record_sinkFailsThenRecovers_gatewayLogNamesTheCodeAndTheMetric() throws Exception {
        var sink = new Lines();
        sink.failing.set(true);
        try (var logged = LoggedLines.of(AsyncEnforcementLog.class)) {
            try (var log = new AsyncEnforcementLog(10, Map.of(), sink)) {
                log.record(shapedCall("lost"));
                waitFor(() -> log.writeFailures() == 1);
                sink.failing.set(false);
                log.record(shapedCall("kept"));
            }

            assertThat(logged.messages()).containsExactly(
                    "enforcement_log_write_failed: 1 records lost; further losses are counted in"
                            + " enforcement_log_write_failures_total until writes recover",
                    "enforcement log writes recovered (1 records lost since start)");
        }
        assertThat(sink.written).hasSize(1);
        assertThat(JSON.readTree(sink.written.getFirst()).path("decision_id").asText()).isEqualTo("kept");
    }

    @Test
    void open_fileOutput_labelledLinesInTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("enforcement.log");
        try (var log = EnforcementLog.open(new EnforcementLogConfig("file", file, 1024 * 1024, 2, 10))) {
            log.record(shapedCall("d-file"));
        }

        JsonNode line = JSON.readTree(Files.readAllLines(dir.resolve("enforcement.log.0")).getFirst());
        assertThat(line.path("decision_id").asText()).isEqualTo("d-file");
        assertThat(line.at("/labels/app").asText()).isEqualTo("llmgw-gateway");
    }

    @Test
    void open_none_writesNothingAnywhere(@TempDir Path dir) {
        try (var log = EnforcementLog.open(new EnforcementLogConfig("none", dir.resolve("e.log"), 1024, 1, 1))) {
            log.record(shapedCall("d-none"));
            assertThat(log.dropped()).isZero();
        }

        assertThat(dir.toFile().list()).isEmpty();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 5 s").isLessThan(end);
            Thread.sleep(5);
        }
    }
}
