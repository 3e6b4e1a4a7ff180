package io.llmgw.authz.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgw.authz.policy.PolicyDecision;
import io.llmgw.authz.policy.Reason;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code policy explain}: which rules produced each reason of one decision, and which grants
 * matched. The wasm engine that decided cannot trace an evaluation, so this runs the real
 * {@code opa eval --explain=full} on the sources of the revision that decided (the working
 * tree, or the git commit whose sources hash to it) and reads the rules that held, with
 * file and line, from OPA's trace.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains one decision: the rules that produced each reason and the grants that matched,"
                + " naming Rego file and line, from OPA's own trace (opa eval --explain=full) on the sources of the"
                + " revision that decided.",
            "Give --decision-id and the decision logs (files, gzip too, or standard input), or --input FILE."})
final class ExplainCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--decision-id", paramLabel = "ID", description = "The decision to explain, from the logs.")
    String decisionId;

    @Option(names = "--input", paramLabel = "FILE", description = "A policy input document to explain instead,"
            + " decided by the working tree's sources.")
    Path inputFile;

    @Parameters(paramLabel = "LOG", arity = "0..*", description = "Decision logs to find --decision-id in;"
            + " '-' or none reads standard input.")
    List<String> logs = new ArrayList<>();

    @Option(names = "--policies", paramLabel = "DIR", defaultValue = "policies",
            description = "The working tree's policy sources (default: ${DEFAULT-VALUE}); older revisions come from"
                    + " the git history around it.")
    Path policies;

    @Option(names = "--opa", paramLabel = "FILE", description = "The opa CLI (default: .tools/bin/opa beside --policies).")
    Path opa;

    @Option(names = "--all", description = "Also list every other rule that held.")
    boolean all;

    @Override
    public Integer call() throws IOException {
        if ((decisionId == null) == (inputFile == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --decision-id or --input");
        }
        Path policiesDir = policies.toAbsolutePath().normalize();
        Path opaCli = opa != null ? opa.toAbsolutePath()
                : policiesDir.resolveSibling(".tools").resolve("bin").resolve("opa");
        if (!Files.isExecutable(opaCli)) {
            throw new ToolException("no opa CLI at " + opaCli + " (scripts/install-tools.sh installs it; or --opa FILE)");
        }
        Explained.Subject subject = inputFile != null ? fromInputFile(policiesDir) : fromLogs();
        Path work = Files.createTempDirectory("llmgw-explain-");
        try {
            RevisionSources.Found sources = RevisionSources.find(subject.revision(), policiesDir, work.resolve("git"))
                    .orElseThrow(() -> new ToolException("the sources of revision " + subject.revision() + " are"
                            + " neither the working tree (" + policiesDir + ", revision " + revisionOf(policiesDir)
                            + ") nor in any git commit of policies/llmgw"));
            Path input = work.resolve("input.json");
            Files.writeString(input, subject.input().toString());
            JsonNode trace = runOpa(opaCli, sources.root(), input, subject.entrypoint());
            Explained.render(subject, sources, trace, all, spec.commandLine().getOut());
            return 0;
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Explained.Subject fromInputFile(Path policiesDir) throws IOException {
        JsonNode input;
        try {
            input = JSON.readTree(inputFile.toFile());
        } catch (IOException e) {
            throw new ToolException("cannot read --input " + inputFile + ": " + e.getMessage());
        }
        if (input == null || !input.isObject()) {
            throw new ToolException("--input " + inputFile + " is not a JSON object");
        }
        return new Explained.Subject("input " + inputFile, "llmgw/authz/decision", input, null, revisionOf(policiesDir));
    }

    private Explained.Subject fromLogs() throws IOException {
        long lines = 0;
        for (String log : logs.isEmpty() ? List.of("-") : logs) {
            try (LogLines in = LogLines.open(log)) {
                for (LogLines.Line line = in.next(); line != null; line = in.next()) {
                    lines++;
                    if (!line.text().contains(decisionId)) {
                        continue;
                    }
                    JsonNode event;
                    try {
                        event = JSON.readTree(line.text());
                    } catch (IOException notAnEvent) {
                        continue;
                    }
                    if (event != null && decisionId.equals(event.path("decision_id").asText(null))) {
                        return new Explained.Subject("decision " + decisionId + " (" + in.name() + ":" + line.number()
                                + ")", event.path("path").asText(), event.path("input"), event.path("result"),
                                event.path("bundles").path("llmgw").path("revision").asText(""));
                    }
                }
            } catch (java.nio.file.NoSuchFileException e) {
                throw new ToolException("no such decision log: " + log);
            }
        }
        throw new ToolException("decision " + decisionId + " is not in " + (logs.isEmpty() ? "standard input" : String
                .join(", ", logs)) + " (" + lines + " lines read)");
    }

    private static String revisionOf(Path policiesDir) {
        try {
            return RevisionSources.revision(policiesDir);
        } catch (IOException e) {
            throw new ToolException("cannot read the policy sources in " + policiesDir + ": " + e.getMessage());
        }
    }

    private static JsonNode runOpa(Path opa, Path root, Path input, String entrypoint) throws IOException {
        String query = "data." + entrypoint.replace('/', '.');
        Process process = new ProcessBuilder(opa.toString(), "eval", "--format", "json", "--explain", "full",
                "--ignore", "*_test.rego", "-d", "llmgw:llmgw", "-i", input.toString(), query)
                // From the sources' folder: the trace then names files as llmgw/access/access.rego.
                .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new ToolException("opa eval --explain failed: " + err.strip() + new String(out, StandardCharsets.UTF_8)
                        .strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted while running opa");
        }
        return JSON.readTree(out);
    }

    static String describe(PolicyDecision decision) {
        String outcome = decision instanceof PolicyDecision.Deny deny ? "deny" + (deny.httpStatus() != 0 ? " ("
                + deny.httpStatus() + ")" : "") : "allow";
        return decision.reasons().isEmpty() ? outcome : outcome + ": " + String.join(", ",
                decision.reasons().stream().map(Reason::code).toList());
    }

    static void line(PrintWriter out, String format, Object... args) {
        out.printf(format + "%n", args);
    }
}
