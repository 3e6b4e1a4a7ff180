package io.llmgw.authz.tools;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgw.authz.grpc.ResponseMapper;
import io.llmgw.authz.policy.DecisionChange;
import io.llmgw.authz.policy.Entrypoints;
import io.llmgw.authz.policy.PolicyEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code policy replay}: which logged decisions a candidate policy would decide differently. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-decides every logged check of the decision logs with a candidate bundle (built from the"
                + " working tree by default, never published) and reports what flips: allow->deny, deny->allow,"
                + " reasons-changed, obligations-changed, details-changed, grouped by reason, key, team and"
                + " requested model.",
            "Lines that are not replayed are counted by problem, with line numbers."})
final class ReplayCommand implements Callable<Integer> {


    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "LOG", arity = "0..*",
            description = "Decision-log files (plain or gzip); '-' or none reads standard input.")
    List<String> logs = new ArrayList<>();

    @Option(names = "--bundle", paramLabel = "FILE", description = "The candidate bundle; default: build --policies.")
    Path bundle;

    @Option(names = "--policies", paramLabel = "DIR", defaultValue = "policies",
            description = "Policy sources to build the candidate from (default: ${DEFAULT-VALUE}).")
    Path policies;

    @Option(names = "--pipeline", paramLabel = "FILE", defaultValue = "policies/opa-pipeline.sh",
            description = "The policies build that builds --policies (default: ${DEFAULT-VALUE}).")
    Path pipeline;

    @Option(names = "--json", description = "Print each flip and each line not replayed as a JSON line, then the"
            + " summary as one JSON line, instead of the text report.")
    boolean json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the report as Markdown to FILE.")
    Path markdown;

    @Option(names = "--fail-on", paramLabel = "KIND", split = ",",
            description = "Exit with 1 when any decision flips this way: allow->deny, deny->allow, reasons-changed,"
                    + " obligations-changed, details-changed, or any.")
    List<String> failOn = new ArrayList<>();

    @Option(names = "--decision-entrypoint", defaultValue = "llmgw/authz/decision", hidden = true)
    String decisionEntrypoint;

    @Override
    public Integer call() throws IOException {
        Set<DecisionChange> gate = gate();
        Entrypoints entrypoints = new Entrypoints(decisionEntrypoint, Entrypoints.DEFAULT.listing());
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("llmgw-replay-");
        try {
            Path candidateFile = bundle != null ? bundle : Candidate.build(pipeline.toAbsolutePath(), policies.toAbsolutePath(), work);
            PolicyEngine candidate = Candidate.serve(candidateFile, entrypoints);
            ReplayReport report = new ReplayReport();
            Replay replay = new Replay(candidate, entrypoints, report, flip -> {
                if (json) {
                    out.println(flipJson(flip, candidate.revision()));
                }
            }, (problem, where, detail) -> {
                if (json) {
                    out.println(JsonNodeFactory.instance.objectNode().put("not_replayed", problem.name().toLowerCase(
                            java.util.Locale.ROOT)).put("at", where).put("detail", detail));
                }
            });
            for (String log : logs.isEmpty() ? List.of("-") : logs) {
                replay.replay(log);
            }
            if (json) {
                out.println(ReplaySummary.json(report));
                out.flush();
            } else {
                ReplaySummary.text(report, out);
            }
            if (markdown != null) {
                Files.writeString(markdown, ReplaySummary.markdown(report));
            }
            return report.any(gate) ? 1 : 0;
        } finally {
            deleteTree(work);
        }
    }

    private Set<DecisionChange> gate() {
        Set<DecisionChange> kinds = EnumSet.noneOf(DecisionChange.class);
        for (String label : failOn) {
            if (label.equals("any")) {
                kinds.addAll(EnumSet.allOf(DecisionChange.class));
                continue;
            }
            kinds.add(DecisionChange.of(label).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                    "--fail-on: unknown kind '" + label + "' (allow->deny, deny->allow, reasons-changed,"
                            + " obligations-changed, details-changed, any)")));
        }
        return kinds;
    }

    private static ObjectNode flipJson(Flip flip, String candidateRevision) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("flip", flip.kind().label());
        line.put("decision_id", flip.decisionId());
        line.put("at", flip.source());
        line.put("key", flip.key());
        line.put("team", flip.team());
        line.put("model", flip.model());
        line.set("logged", ResponseMapper.resultDocument(flip.logged()));
        line.set("candidate", ResponseMapper.resultDocument(flip.candidate()));
        line.put("logged_revision", flip.loggedRevision());
        line.put("candidate_revision", candidateRevision);
        line.set("input", flip.input());
        return line;
    }


    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
