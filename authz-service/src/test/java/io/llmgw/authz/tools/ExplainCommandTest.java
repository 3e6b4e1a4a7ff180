package io.llmgw.authz.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.llmgw.authz.AuthzApplication;
import io.llmgw.authz.Requests;
import io.llmgw.authz.TestConfigs;
import io.llmgw.authz.policy.PolicyBuilds;
import io.llmgw.authz.policy.PolicyBundle;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explains golden cases (an allow and one deny per reason code a rule can reach) and a
 * decision the real service logged: every reason is traced to a rule with its Rego file and
 * line, and an allow to the grant that matched.
 */
class ExplainCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path POLICIES = PolicyBuilds.SOURCES.getParent();
    private static final String OPA = System.getProperty("llmgw.opa");
    /** A rule line of the report: indented file:line under llmgw/. */
    private static final Pattern RULE_LINE = Pattern.compile("^ +llmgw/[a-z_/]+\\.rego:\\d+ +\\S+", Pattern.MULTILINE);

    /**
     * Cases by name, with the codes they must explain. rules_undefined is not among them: it is
     * the decision's default, which no input or settings can reach while the rules are total.
     */
    private static final Map<String, String> CASES = Map.of(
            "alias_grantedAlias_allowsCallResolvedToOtherUpstream", "allow",
            "alias_otherModelGranted_deniesNamingRequestedAliasNotUpstream", "deny (403): key_model_access_denied",
            "team_narrowsWhatItsKeysCanDo_denies", "deny (403): team_model_access_denied",
            "input_principalMissing_denies", "deny (403): input_invalid",
            "blockList_model_beatsAllModelsGrant", "deny (403): model_blocked",
            "blockList_provider_blocksByDeploymentProvider", "deny (403): provider_blocked",
            "settings_misspelledKey_denies", "deny (403): settings_invalid");

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> explain_goldenCases_traceEachReasonToARule() throws IOException {
        JsonNode fixtures = JSON.readTree(POLICIES.resolve("fixtures/checks/data.json").toFile());
        Map<String, Path> sourcesBySettings = new HashMap<>();
        return Stream.of(fixtures.spliterator()).flatMap(s -> java.util.stream.StreamSupport.stream(s, false))
                .filter(c -> CASES.containsKey(c.path("name").asText()))
                .map(c -> DynamicTest.dynamicTest(c.path("name").asText(), () -> {
                    Path sources = sourcesBySettings.computeIfAbsent(c.path("settings").toString(), this::withSettings);
                    Path input = dir.resolve(c.path("name").asText() + ".json");
                    Files.writeString(input, c.path("input").toString());

                    ToolRun run = ToolRun.of("explain", "--input", input.toString(), "--policies", sources.toString(),
                            "--opa", OPA);

                    assertThat(run.exitCode()).as(run.err()).isZero();
                    String expected = CASES.get(c.path("name").asText());
                    assertThat(run.out()).startsWith("input " + input + ": " + expected + "\n")
                            .contains("the wasm engine that decides in the service cannot trace");
                    for (JsonNode reason : c.path("decision").path("reasons")) {
                        String block = block(run.out(), "reason " + reason.path("code").asText() + ": ");
                        assertThat(RULE_LINE.matcher(block).find()).as("a rule for %s in:%n%s", reason, run.out())
                                .isTrue();
                    }
                    if (expected.equals("allow")) {
                        assertThat(block(run.out(), "grant rules that matched (what allowed it):"))
                                .containsPattern("llmgw/grants/grants.rego:\\d+ +covers .*\"" + Requests.ALIAS + "\"");
                    }
                }));
    }

    @Test
    void explain_loggedDecision_foundByIdWithTheRevisionThatMadeIt() throws Exception {
        Path logFile = dir.resolve("logs").resolve("decisions.log");
        String id;
        try (AuthzApplication app = AuthzApplication.start(TestConfigs.wasm(TestConfigs.builtBundle(), logFile,
                List.of()))) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", app.port()).usePlaintext().build();
            try {
                id = AuthorizationServiceGrpc.newBlockingStub(channel).check(Requests.check("gpt-4o")).getDecisionId();
            } finally {
                channel.shutdownNow();
            }
        }
        Path log = logFile.resolveSibling("decisions.log.0");
        String revision = PolicyBundle.read(TestConfigs.builtBundle()).revision();

        ToolRun run = ToolRun.of("explain", "--decision-id", id, "--policies", POLICIES.toString(), "--opa", OPA,
                log.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("decision " + id + " (" + log + ":1): deny (403): key_model_access_denied")
                .contains("revision " + revision + ", sources: the working tree")
                .doesNotContain("WARNING")
                .containsPattern("llmgw/access/access.rego:\\d+ +_key_denials");
    }

    @Test
    void explain_unknownDecision_saysSoWithoutAStackTrace() throws Exception {
        Path log = dir.resolve("empty.log");
        Files.writeString(log, "{}\n");
        ToolRun run = ToolRun.of("explain", "--decision-id", "no-such-id", "--policies", POLICIES.toString(), "--opa",
                OPA, log.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("explain: decision no-such-id is not in " + log + " (1 lines read)\n");
    }

    @Test
    void revision_ofTheWorkingTree_isTheBuiltBundlesRevision() throws IOException {
        assertThat(RevisionSources.revision(POLICIES)).isEqualTo(PolicyBundle.read(TestConfigs.builtBundle()).revision());
    }

    @Test
    void sources_olderRevision_foundInGitHistoryAlsoInTheOldLayout() throws Exception {
        Path repo = dir.resolve("repo");
        Path old = repo.resolve("policies/rego");
        copyInto(old, "{\"alias_boundary\": true}");
        git(repo, "init", "-q");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "old layout");
        String oldRevision = RevisionSources.revision(old);
        git(repo, "rm", "-q", "-r", "policies/rego");
        copyInto(repo.resolve("policies"), "{\"alias_boundary\": false}");
        String newRevision = RevisionSources.revision(repo.resolve("policies"));
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "new layout");
        Files.writeString(repo.resolve("policies/llmgw/settings/data.json"), "{}");

        var found = RevisionSources.find(oldRevision, repo.resolve("policies"), dir.resolve("work")).orElseThrow();
        var current = RevisionSources.find(newRevision, repo.resolve("policies"), dir.resolve("work2")).orElseThrow();

        assertThat(found.origin()).startsWith("git commit ");
        assertThat(RevisionSources.revision(found.root())).isEqualTo(oldRevision);
        assertThat(current.origin()).startsWith("git commit ");
        assertThat(RevisionSources.find("0000000000000000", repo.resolve("policies"), dir.resolve("w3"))).isEmpty();
    }

    /** Copies the policy sources into {@code root}/llmgw with {@code settings} as their data.json. */
    private static void copyInto(Path root, String settings) throws IOException {
        PolicyBuilds.copyTree(PolicyBuilds.SOURCES, root.resolve("llmgw"));
        Files.writeString(root.resolve("llmgw/settings/data.json"), settings);
    }

    private static void git(Path repo, String... args) throws Exception {
        Files.createDirectories(repo);
        var command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as(out).isZero();
    }

    /** A copy of the policy sources whose settings data.json is {@code settings}. */
    private Path withSettings(String settings) {
        try {
            Path root = Files.createTempDirectory(dir, "sources-");
            copyInto(root, settings);
            return root;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The lines of the report from the one starting with {@code heading} to the next blank line. */
    private static String block(String report, String heading) {
        int start = report.indexOf(heading);
        assertThat(start).as("'%s' in:%n%s", heading, report).isNotNegative();
        int end = report.indexOf("\n\n", start);
        return report.substring(start, end < 0 ? report.length() : end);
    }
}
