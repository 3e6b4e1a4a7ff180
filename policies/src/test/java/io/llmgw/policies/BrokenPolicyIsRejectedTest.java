package io.llmgw.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Breaks a copy of the shipped policies in each way the build must catch, runs the policy
 * pipeline on it, and expects a failure whose message names the broken file and line.
 */
class BrokenPolicyIsRejectedTest {

    private static final Path POLICIES = Path.of(System.getProperty("user.dir"));
    private static final String RULES = "llmgw/authz/decision.rego";
    private static final String TESTS = "llmgw/authz/decision_test.rego";

    @TempDir
    Path work;

    private Path src;

    @BeforeEach
    void copyPolicies() throws IOException {
        src = work.resolve("src");
        Path from = POLICIES.resolve("llmgw");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = src.resolve("llmgw").resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
    }

    @Test
    void pipeline_intactPolicies_passes() throws Exception {
        Result result = runPipeline();
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void pipeline_syntaxError_failsNamingFileAndLine() throws Exception {
        int line = replaceLine(RULES, "_principal := input.principal", "_principal := input.principal)");
        assertFailsNaming(RULES, line);
    }

    @Test
    void pipeline_failingRegoTest_failsNamingFileAndLine() throws Exception {
        int line = replaceLine(TESTS, "test_decision_aliasGranted_allows if {",
                "test_decision_aliasGranted_allows if {\n\tfalse");
        assertFailsNaming(TESTS, line);
    }

    @Test
    void pipeline_unformattedFile_failsNamingFileAndLine() throws Exception {
        int line = replaceLine(RULES, "http_status := 200 if allow", "http_status :=    200 if allow");
        assertFailsNaming(RULES, line);
    }

    @Test
    void pipeline_builtinMissingFromWasmSdk_failsNamingFileAndLine() throws Exception {
        int line = replaceLine(RULES, "default allow := false", "default allow := false\n\nnow_ns := time.now_ns()");
        assertFailsNaming(RULES, line + 2);
    }

    @Test
    void pipeline_inputAttributeMissingFromSchema_failsNamingFileAndLine() throws Exception {
        int line = replaceLine(RULES, "_model := input.model", "_model := input.modle");
        assertFailsNaming(RULES, line);
    }

    @Test
    void pipeline_syntaxError_reportedAsAParseError() throws Exception {
        replaceLine(RULES, "_principal := input.principal", "_principal := input.principal)");
        Result result = runPipeline();
        assertThat(result.output()).contains("policy check FAILED: 1 Rego file(s) do not parse (syntax error above)")
                .doesNotContain("not formatted");
    }

    @Test
    void pipeline_builtinMissingFromWasmSdk_saysSoAndNamesTheCapabilitiesFile() throws Exception {
        replaceLine(RULES, "default allow := false", "default allow := false\n\nnow_ns := time.now_ns()");
        Result result = runPipeline();
        assertThat(result.output()).contains("time.now_ns is an OPA builtin that the authz-service's wasm engine does not"
                + " provide; a bundle may use only the builtins in ");
        assertThat(result.output()).contains("capabilities/wasm-builtins.json");
    }

    @Test
    void pipeline_checkingNeverPublishes_publishOnlyAfterEveryStepOnTheseSources() throws Exception {
        Path published = work.resolve("live").resolve("bundle.tar.gz");
        Result checked = runPipeline("--publish-to", published.toString(), "verify", "build");
        assertThat(checked.exitCode()).as(checked.output()).isZero();
        assertThat(published).doesNotExist();
        assertThat(work.resolve("out").resolve("bundle.tar.gz")).exists();

        Result publish = runPipeline("--publish-to", published.toString(), "publish");
        assertThat(publish.exitCode()).as(publish.output()).isZero();
        assertThat(Files.readAllBytes(published)).isEqualTo(Files.readAllBytes(work.resolve("out").resolve("bundle.tar.gz")));
        assertThat(published.getParent()).isDirectoryContaining(p -> p.equals(published))
                .isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".incoming"));

        byte[] before = Files.readAllBytes(published);
        replaceLine(RULES, "http_status := 200 if allow", "http_status := 200 if allow\n\n_unused := 1");
        Result stale = runPipeline("--publish-to", published.toString(), "publish");
        assertThat(stale.exitCode()).isNotZero();
        assertThat(stale.output()).contains("not publishing: step(s) fmt check test build have not passed on the current sources");
        assertThat(Files.readAllBytes(published)).isEqualTo(before);
    }

    @Test
    void pipeline_buildFailingItsLastCheck_leavesNoBundle() throws Exception {
        replaceLine(RULES, "decision := object.union(_decision, _with_obligations)",
                "decision := {} if input.never\n\n_unused := object.union(_decision, _with_obligations)");
        Result result = runPipeline("build");
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("entrypoint llmgw/authz/decision is undefined for the input {}");
        try (Stream<Path> left = Files.list(work.resolve("out"))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("bundle"));
        }
    }

    private void assertFailsNaming(String file, int line) throws Exception {
        Result result = runPipeline();
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains(file + ":" + line);
    }

    /** Replaces the line equal to {@code original} and returns its 1-based number. */
    private int replaceLine(String file, String original, String replacement) throws IOException {
        Path path = src.resolve(file);
        var lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        int index = lines.indexOf(original);
        assertThat(index).as("line '%s' in %s", original, file).isNotNegative();
        lines.set(index, replacement);
        Files.write(path, lines, StandardCharsets.UTF_8);
        return index + 1;
    }

    private Result runPipeline() throws Exception {
        return runPipeline("verify");
    }

    private Result runPipeline(String... steps) throws Exception {
        var command = new java.util.ArrayList<>(List.of("bash", POLICIES.resolve("opa-pipeline.sh").toString(),
                "--src", src.toString(), "--out", work.resolve("out").toString()));
        command.addAll(List.of(steps));
        Process process = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("pipeline finished").isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {}
}
