package io.llmgw.authz.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.llmgw.authz.AuthzApplication;
import io.llmgw.authz.Requests;
import io.llmgw.authz.TestConfigs;
import io.llmgw.authz.policy.PolicyBuilds;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import io.llmgw.authz.v1.Principal;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decision log written by the real service over gRPC (alias-granted keys allowed, others
 * denied, a listing, a team), replayed against the shipped policy and against a candidate
 * whose block list takes the alias away: exactly the allowed checks flip, and every line
 * that is not a replayable decision is counted with its line number.
 */
class ReplayCommandTest {

    @TempDir
    static Path dir;

    private static Path log;
    private static Path blocking;
    private static final Set<String> ALLOWED = new TreeSet<>();
    private static final Set<String> DENIED = new TreeSet<>();

    @BeforeAll
    static void recordAndBuild() throws Exception {
        Path logFile = dir.resolve("logs").resolve("decisions.log");
        try (AuthzApplication app = AuthzApplication.start(TestConfigs.wasm(TestConfigs.builtBundle(), logFile,
                List.of()))) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", app.port()).usePlaintext().build();
            try {
                var stub = AuthorizationServiceGrpc.newBlockingStub(channel);
                for (int i = 0; i < 20; i++) {
                    record(stub.check(keyed("alias-" + (i % 3), Requests.ALIAS)));
                    record(stub.check(keyed("other-" + (i % 2), "gpt-4o")));
                }
                record(stub.check(Requests.check(Requests.ALIAS).toBuilder()
                        .setPrincipal(Requests.principal(Requests.ALIAS).toBuilder().setTeamId("team-a")
                                .addTeamModels("gpt-4o"))
                        .build()));
                stub.listAllowedModels(Requests.listing(Requests.ALIAS));
            } finally {
                channel.shutdownNow();
            }
        }
        try (Stream<Path> files = Files.list(logFile.getParent())) {
            log = files.filter(p -> p.getFileName().toString().startsWith("decisions.log.")).findFirst().orElseThrow();
        }
        blocking = PolicyBuilds.build(dir.resolve("blocking"), "settings/data.json",
                settings -> settings.replace("\"models\": []", "\"models\": [\"" + Requests.ALIAS + "\"]"));
    }

    private static CheckRequest keyed(String key, String... grants) {
        Principal principal = Requests.principal(grants).toBuilder().setKeyId(key).build();
        return Requests.check(grants).toBuilder().setPrincipal(principal).build();
    }

    private static void record(CheckResponse response) {
        (response.getDecision() == Decision.DECISION_ALLOW ? ALLOWED : DENIED).add(response.getDecisionId());
    }

    @Test
    void replay_samePolicy_nothingFlips() {
        ToolRun run = ToolRun.of("replay", "--bundle", TestConfigs.builtBundle().toString(), "--fail-on", "any",
                log.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("replayed " + (ALLOWED.size() + DENIED.size()) + " decision(s)")
                .contains("flipped: 0 (0.00%)")
                .contains("a listing (llmgw/authz/allowed_models): replay compares decisions only      1");
    }

    @Test
    void replay_candidateBlockingTheAlias_namesExactlyTheAllowedDecisions() {
        ToolRun run = ToolRun.of("replay", "--bundle", blocking.toString(), "--json", "--fail-on", "allow->deny",
                log.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        List<JsonNode> flips = run.jsonLines().stream().filter(l -> l.has("flip")).toList();
        assertThat(flips).allSatisfy(f -> {
            assertThat(f.path("candidate").path("reasons").path(0).path("code").asText()).isEqualTo("model_blocked");
            assertThat(f.path("model").asText()).isEqualTo(Requests.ALIAS);
        });
        // Allowed checks lose access; denied ones stay denied, now blocked first.
        assertThat(ids(flips, "allow->deny")).isEqualTo(ALLOWED);
        assertThat(ids(flips, "reasons-changed")).isEqualTo(DENIED);
        JsonNode summary = run.summary();
        assertThat(summary.path("replayed").asLong()).isEqualTo(ALLOWED.size() + DENIED.size());
        assertThat(summary.path("flipped").asLong()).isEqualTo(ALLOWED.size() + DENIED.size());
        assertThat(summary.path("flips").path("deny->allow").path("count").asLong()).isZero();
        JsonNode byKey = summary.path("flips").path("allow->deny").path("by_key");
        assertThat(byKey.path("alias-0").path("count").asLong()).isEqualTo(7);
        assertThat(byKey.path("alias-0").path("examples")).hasSize(3);
        assertThat(summary.path("flips").path("allow->deny").path("by_reason").path("model_blocked").path("count")
                .asLong()).isEqualTo(ALLOWED.size());
        // Twenty checks per key and model: the decision cache evaluates each distinct input once.
        assertThat(summary.path("evaluated").asLong()).isLessThan(10);
    }

    private static Set<String> ids(List<JsonNode> flips, String kind) {
        return flips.stream().filter(f -> f.path("flip").asText().equals(kind)).map(f -> f.path("decision_id").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void replay_failOnDenyToAllow_notTriggeredByATightening() {
        ToolRun run = ToolRun.of("replay", "--bundle", blocking.toString(), "--fail-on", "deny-to-allow",
                "--markdown", dir.resolve("report.md").toString(), log.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("allow->deny: " + ALLOWED.size()).contains("by team:");
        assertThat(dir.resolve("report.md")).content().contains("## `allow->deny`: " + ALLOWED.size())
                .contains("| `model_blocked` | " + ALLOWED.size() + " |");
    }

    @Test
    void replay_badLines_countedWithLineNumbersNeverAStackTrace() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        int good = lines.size();
        String event = lines.stream().filter(l -> l.contains("\"path\":\"llmgw/authz/decision\"")).findFirst()
                .orElseThrow();
        lines.add("not json at all");
        lines.add("{\"hello\": \"world\"}");
        lines.add(event.replace("\"path\":\"llmgw/authz/decision\"", "\"path\":\"other/rule\""));
        lines.add(event.replace("\"team_id\":\"\"", "\"team_id\":7"));
        lines.add("");
        Path bad = dir.resolve("bad.log");
        Files.writeString(bad, String.join("\n", lines) + "\n" + event.substring(0, event.length() / 2));

        ToolRun run = ToolRun.of("replay", "--bundle", TestConfigs.builtBundle().toString(), bad.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        String name = bad.toString();
        assertThat(run.out())
                .containsPattern("not JSON +2 +at " + name + ":" + (good + 1) + ", " + name + ":" + (good + 5))
                .containsPattern("not a decision event.* +1 +at " + name + ":" + (good + 2))
                .containsPattern("an event of another entrypoint +1 +at " + name + ":" + (good + 3))
                .containsPattern("an input the service's mapping cannot produce +1 +at " + name + ":" + (good + 4))
                .containsPattern("truncated .* +1 +at " + name + ":" + (good + 6));
    }

    @Test
    void replay_truncatedGzip_reportedAfterTheLinesItHad() throws IOException {
        Path gz = dir.resolve("decisions.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(log));
        }
        byte[] whole = Files.readAllBytes(gz);
        Path cut = dir.resolve("cut.log.gz");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 30));

        ToolRun full = ToolRun.of("replay", "--bundle", TestConfigs.builtBundle().toString(), gz.toString());
        ToolRun truncated = ToolRun.of("replay", "--bundle", TestConfigs.builtBundle().toString(), cut.toString());

        assertThat(full.out()).contains("replayed " + (ALLOWED.size() + DENIED.size()) + " decision(s)");
        assertThat(truncated.exitCode()).isZero();
        assertThat(truncated.out()).contains("unreadable source (missing file, truncated gzip, I/O error)")
                .contains(cut.toString());
    }

    @Test
    void replay_candidateThatDoesNotBuild_saysWhereAndExits2() throws Exception {
        Path policies = dir.resolve("broken");
        Files.createDirectories(policies);
        PolicyBuilds.copyTree(PolicyBuilds.SOURCES, policies.resolve("llmgw"));
        Path rules = policies.resolve("llmgw/authz/decision.rego");
        Files.writeString(rules, Files.readString(rules).replace("default allow := false", "default allow := false)"));

        ToolRun run = ToolRun.of("replay", "--policies", policies.toString(), "--pipeline",
                PolicyBuilds.SOURCES.resolveSibling("opa-pipeline.sh").toString(), log.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("replay: the candidate does not build from").contains("decision.rego:")
                .doesNotContain("\tat ");
    }

}
