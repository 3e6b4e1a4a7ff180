package io.llmgw.authz.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgw.authz.policy.DecisionDocument;
import io.llmgw.authz.policy.PolicyDecision;
import io.llmgw.authz.policy.Reason;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads OPA's evaluation trace ({@code opa eval --format json --explain full}) of one decision
 * and renders it for a person: each reason with the chain of rules that produced it, the
 * grant rules that matched, each named by file, line and source text.
 *
 * <p>A rule is taken to have produced a reason when OPA's trace shows it exiting (it held)
 * with the reason's code among its bindings; a grant rule is one in the {@code llmgw/grants}
 * or {@code llmgw/patterns} files, shown with the names it compared.
 */
final class Explained {

    /** What is explained: where it came from, the input, the logged result (null for an input file), the revision. */
    record Subject(String name, String entrypoint, JsonNode input, JsonNode loggedResult, String revision) {}

    /** One rule that held: where it is defined and the values it bound. */
    record RuleExit(String file, int row, String rule, List<JsonNode> values) {
        String where() {
            return file + ":" + row;
        }

        boolean binds(String text) {
            return values.stream().anyMatch(v -> contains(v, text));
        }
    }

    private static final List<String> GRANT_FILES = List.of("llmgw/grants/", "llmgw/patterns/");

    private Explained() {}

    static void render(Subject subject, RevisionSources.Found sources, JsonNode opaOutput, boolean all, PrintWriter out) {
        JsonNode document = opaOutput.path("result").path(0).path("expressions").path(0).path("value");
        PolicyDecision traced = DecisionDocument.fromDocument(document);
        List<RuleExit> exits = exits(opaOutput.path("explanation"));
        ExplainCommand.line(out, "%s: %s", subject.name(), ExplainCommand.describe(traced));
        ExplainCommand.line(out, "  revision %s, sources: %s", subject.revision().isEmpty() ? "(none logged)"
                : subject.revision(), sources.origin());
        ExplainCommand.line(out, "  traced by opa eval --explain=full on those sources: the wasm engine that decides in"
                + " the service cannot trace an evaluation");
        if (subject.loggedResult() != null) {
            PolicyDecision logged = DecisionDocument.fromDocument(subject.loggedResult());
            if (!logged.equals(traced)) {
                ExplainCommand.line(out, "  WARNING: the logged decision was %s; these sources decide otherwise, so the"
                        + " trace below may not be how it was made", ExplainCommand.describe(logged));
            }
        }
        for (Reason reason : traced.reasons()) {
            ExplainCommand.line(out, "%nreason %s: %s", reason.code(), reason.message());
            List<RuleExit> producers = exits.stream().filter(e -> e.binds(reason.code())).toList();
            if (producers.isEmpty()) {
                ExplainCommand.line(out, "  no rule that held carries it: it is a default value (see the rule's"
                        + " `default`)");
            }
            producers.forEach(e -> show(out, sources, e, false));
        }
        List<RuleExit> grants = exits.stream().filter(e -> GRANT_FILES.stream().anyMatch(e.file()::startsWith)).toList();
        ExplainCommand.line(out, "%ngrant rules that matched%s:", traced instanceof PolicyDecision.Allow
                ? " (what allowed it)" : "");
        if (grants.isEmpty()) {
            ExplainCommand.line(out, "  none: no grant of the key or its team covers the model");
        }
        grants.forEach(e -> show(out, sources, e, true));
        if (all) {
            ExplainCommand.line(out, "%nevery rule that held, in evaluation order:");
            exits.forEach(e -> show(out, sources, e, false));
        }
        out.flush();
    }

    private static void show(PrintWriter out, RevisionSources.Found sources, RuleExit exit, boolean withNames) {
        String names = withNames ? "  " + String.join(", ", strings(exit)) : "";
        ExplainCommand.line(out, "  %-36s %-20s %s%s", exit.where(), exit.rule(), sourceLine(sources, exit), names);
    }

    /** The string values a rule bound, quoted, each once: for grant rules, the grant and the names it covered. */
    private static List<String> strings(RuleExit exit) {
        Set<String> seen = new LinkedHashSet<>();
        exit.values().stream().filter(JsonNode::isTextual).forEach(v -> seen.add("\"" + v.asText() + "\""));
        return new ArrayList<>(seen);
    }

    private static String sourceLine(RevisionSources.Found sources, RuleExit exit) {
        try {
            List<String> lines = Files.readAllLines(sources.root().resolve(exit.file()));
            return exit.row() >= 1 && exit.row() <= lines.size() ? "| " + lines.get(exit.row() - 1).strip() : "";
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return "";
        }
    }

    /** The rules that held, once per definition, in the order OPA finished them. */
    static List<RuleExit> exits(JsonNode explanation) {
        Map<String, RuleExit> exits = new LinkedHashMap<>();
        for (JsonNode event : explanation) {
            JsonNode node = event.path("Node");
            if (!event.path("Op").asText().equals("Exit") || !node.has("head")) {
                continue;
            }
            String file = event.path("Location").path("file").asText("");
            int row = event.path("Location").path("row").asInt();
            String rule = node.path("head").path("name").asText("");
            List<JsonNode> values = new ArrayList<>();
            event.path("Locals").forEach(local -> values.add(plain(local)));
            RuleExit exit = new RuleExit(file, row, rule, values);
            exits.merge(exit.where(), exit, (a, b) -> {
                List<JsonNode> merged = new ArrayList<>(a.values());
                merged.addAll(b.values());
                return new RuleExit(a.file(), a.row(), a.rule(), merged);
            });
        }
        return new ArrayList<>(exits.values());
    }

    /** A trace value ({"type": ..., "value": ...}, nested) as plain JSON. */
    static JsonNode plain(JsonNode term) {
        var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        JsonNode value = term.path("value");
        return switch (term.path("type").asText()) {
            case "array", "set" -> {
                var array = nodes.arrayNode();
                value.forEach(v -> array.add(plain(v)));
                yield array;
            }
            case "object" -> {
                var object = nodes.objectNode();
                value.forEach(pair -> object.set(plain(pair.path(0)).asText(), plain(pair.path(1))));
                yield object;
            }
            default -> value;
        };
    }

    private static boolean contains(JsonNode value, String text) {
        if (value.isTextual()) {
            return value.asText().equals(text);
        }
        for (JsonNode child : value) {
            if (contains(child, text)) {
                return true;
            }
        }
        return false;
    }
}
