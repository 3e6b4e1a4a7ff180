package io.llmgw.authz.tools;

import io.llmgw.authz.policy.DecisionChange;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** Renders a {@link ReplayReport}: for the terminal, as Markdown, and as one JSON object. */
final class ReplaySummary {

    /** Groups shown per dimension in the text and Markdown reports (all are in the JSON). */
    private static final int SHOWN = 10;

    private ReplaySummary() {}

    static void text(ReplayReport r, PrintWriter out) {
        out.printf("replayed %d decision(s) from %d line(s) of %s against candidate revision %s%n", r.replayed, r.lines,
                String.join(", ", r.sources), r.candidateRevision.isEmpty() ? "(none evaluated)" : r.candidateRevision);
        out.printf("  logged by revision(s): %s%n", revisions(r));
        out.printf("  distinct inputs evaluated: %d (the other %d reused a decision for an input equal on every"
                + " path the policy reads)%n", r.evaluated, r.replayed - r.evaluated);
        out.printf("flipped: %d%s%n", r.flipped(), r.replayed == 0 ? "" : String.format(" (%.2f%%)",
                100.0 * r.flipped() / r.replayed));
        for (DecisionChange kind : DecisionChange.values()) {
            out.printf("  %-16s %d%n", kind.label(), r.count(kind));
        }
        for (DecisionChange kind : DecisionChange.values()) {
            if (r.count(kind) == 0) {
                continue;
            }
            out.printf("%n%s: %d%n", kind.label(), r.count(kind));
            for (String dimension : ReplayReport.DIMENSIONS) {
                out.printf("  by %s:%n", dimension);
                List<Map.Entry<String, ReplayReport.Tally>> ranked = r.ranked(kind, dimension);
                ranked.stream().limit(SHOWN).forEach(e -> out.printf("    %-40s %8d  e.g. %s%n", shown(e.getKey()),
                        e.getValue().count, String.join(", ", e.getValue().examples)));
                if (ranked.size() > SHOWN) {
                    out.printf("    ... %d more (all in --json)%n", ranked.size() - SHOWN);
                }
            }
        }
        if (r.notReplayed() > 0) {
            out.printf("%nnot replayed: %d line(s)%n", r.notReplayed());
            r.problems.forEach((problem, tally) -> out.printf("  %-60s %6d  at %s%s%n", problem.description(),
                    tally.count, String.join(", ", tally.examples), tally.count > tally.examples.size() ? ", ..." : ""));
        }
        out.flush();
    }

    static String markdown(ReplayReport r) {
        StringBuilder md = new StringBuilder("# Policy replay\n\n");
        md.append(String.format("Candidate revision `%s`, %d decision(s) replayed from %d line(s) of %s"
                + " (logged by %s). Distinct inputs evaluated: %d.%n%n", r.candidateRevision, r.replayed, r.lines,
                String.join(", ", r.sources.stream().map(s -> "`" + s + "`").toList()), revisions(r), r.evaluated));
        md.append("| flip | decisions |\n| --- | ---: |\n");
        for (DecisionChange kind : DecisionChange.values()) {
            md.append(String.format("| `%s` | %d |%n", kind.label(), r.count(kind)));
        }
        for (DecisionChange kind : DecisionChange.values()) {
            if (r.count(kind) == 0) {
                continue;
            }
            md.append(String.format("%n## `%s`: %d%n", kind.label(), r.count(kind)));
            for (String dimension : ReplayReport.DIMENSIONS) {
                md.append(String.format("%n| %s | decisions | examples |%n| --- | ---: | --- |%n", dimension));
                r.ranked(kind, dimension).stream().limit(SHOWN).forEach(e -> md.append(String.format(
                        "| `%s` | %d | %s |%n", shown(e.getKey()), e.getValue().count,
                        String.join(", ", e.getValue().examples.stream().map(x -> "`" + x + "`").toList()))));
            }
        }
        if (r.notReplayed() > 0) {
            md.append(String.format("%n## Not replayed: %d line(s)%n%n| problem | lines | at |%n| --- | ---: | --- |%n",
                    r.notReplayed()));
            r.problems.forEach((problem, tally) -> md.append(String.format("| %s | %d | %s |%n", problem.description(),
                    tally.count, String.join(", ", tally.examples))));
        }
        return md.toString();
    }

    static ObjectNode json(ReplayReport r) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode summary = nodes.objectNode();
        summary.put("candidate_revision", r.candidateRevision);
        summary.put("lines", r.lines);
        summary.put("replayed", r.replayed);
        summary.put("evaluated", r.evaluated);
        summary.put("flipped", r.flipped());
        ObjectNode revisions = summary.putObject("logged_revisions");
        r.loggedRevisions.forEach(revisions::put);
        ObjectNode kinds = summary.putObject("flips");
        for (DecisionChange kind : DecisionChange.values()) {
            ObjectNode k = kinds.putObject(kind.label());
            k.put("count", r.count(kind));
            for (String dimension : ReplayReport.DIMENSIONS) {
                ObjectNode groups = k.putObject("by_" + dimension);
                r.ranked(kind, dimension).forEach(e -> {
                    ObjectNode g = groups.putObject(e.getKey());
                    g.put("count", e.getValue().count);
                    e.getValue().examples.forEach(g.putArray("examples")::add);
                });
            }
        }
        ObjectNode problems = summary.putObject("not_replayed");
        r.problems.forEach((problem, tally) -> {
            ObjectNode p = problems.putObject(problem.name().toLowerCase(java.util.Locale.ROOT));
            p.put("count", tally.count);
            tally.examples.forEach(p.putArray("at")::add);
        });
        return nodes.objectNode().set("summary", summary);
    }

    private static String revisions(ReplayReport r) {
        if (r.loggedRevisions.isEmpty()) {
            return "(none)";
        }
        return String.join(", ", r.loggedRevisions.entrySet().stream()
                .map(e -> (e.getKey().isEmpty() ? "(no revision)" : e.getKey()) + " (" + e.getValue() + ")").toList());
    }

    private static String shown(String value) {
        return value.isEmpty() ? "(none)" : value;
    }
}
