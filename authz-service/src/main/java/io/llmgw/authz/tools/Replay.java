package io.llmgw.authz.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgw.authz.policy.DecisionChange;
import io.llmgw.authz.policy.DecisionDocument;
import io.llmgw.authz.policy.Entrypoints;
import io.llmgw.authz.policy.Evaluation;
import io.llmgw.authz.policy.PolicyDecision;
import io.llmgw.authz.policy.PolicyEngine;
import io.llmgw.authz.policy.PolicyEvaluationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Re-decides logged checks with a candidate engine: each line is either replayed (and compared
 * with its logged decision) or counted as a {@link Problem} with its source and line number.
 * The engine is expected to reuse decisions for inputs equal on every path the policy reads
 * (the service's decision cache), so a log of many repeated checks costs one evaluation per
 * distinct input.
 *
 * <p>Lines are read in batches of {@value #BATCH}; the lines of a batch are judged (parsed,
 * checked against the input contract, evaluated) on every core, and their outcomes are then
 * applied to the report one by one in log order, so the report, its examples and the JSON
 * output are the same as a one-line-at-a-time replay's. Memory stays bounded by one batch.
 */
final class Replay {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 2048;

    private final PolicyEngine candidate;
    private final Entrypoints entrypoints;
    private final ReplayReport report;
    private final Consumer<Flip> flips;
    private final ProblemSink problems;
    private final ContractVerdicts contract = new ContractVerdicts();

    /** Told of each line not replayed, with its detail (e.g. for JSON-lines output). */
    interface ProblemSink {
        void problem(Problem problem, String where, String detail);
    }

    /** What became of one line. */
    private sealed interface Outcome {}

    private record NotReplayed(Problem problem, String where, String detail) implements Outcome {}

    private record Replayed(String loggedRevision, String candidateRevision, boolean reused, Flip flip)
            implements Outcome {}

    Replay(PolicyEngine candidate, Entrypoints entrypoints, ReplayReport report, Consumer<Flip> flips,
            ProblemSink problems) {
        this.candidate = candidate;
        this.entrypoints = entrypoints;
        this.report = report;
        this.flips = flips;
        this.problems = problems;
    }

    /** Replays every line of {@code source} ({@code -} for standard input). */
    void replay(String source) {
        report.sources.add(source);
        try (LogLines lines = LogLines.open(source)) {
            List<LogLines.Line> batch = new ArrayList<>(BATCH);
            try {
                for (LogLines.Line line = lines.next(); line != null; line = lines.next()) {
                    batch.add(line);
                    if (batch.size() == BATCH) {
                        judgeAndApply(lines.name(), batch);
                    }
                }
                judgeAndApply(lines.name(), batch);
            } catch (java.io.EOFException e) {
                judgeAndApply(lines.name(), batch);
                problem(Problem.UNREADABLE, lines.name() + ":" + (lines.lineNumber() + 1),
                        "the gzip stream ends early after line " + lines.lineNumber() + " (truncated file)");
            } catch (IOException e) {
                judgeAndApply(lines.name(), batch);
                problem(Problem.UNREADABLE, lines.name() + ":" + (lines.lineNumber() + 1), message(e));
            }
        } catch (IOException e) {
            problem(Problem.UNREADABLE, source, "cannot open: " + message(e));
        }
    }

    private void judgeAndApply(String name, List<LogLines.Line> batch) {
        List<Outcome> outcomes = batch.parallelStream().map(line -> judge(name + ":" + line.number(), line)).toList();
        batch.clear();
        for (Outcome outcome : outcomes) {
            report.lines++;
            switch (outcome) {
                case NotReplayed not -> problem(not.problem(), not.where(), not.detail());
                case Replayed replayed -> {
                    report.candidateRevision = replayed.candidateRevision();
                    report.replayed(replayed.loggedRevision(), replayed.reused());
                    if (replayed.flip() != null) {
                        report.flip(replayed.flip());
                        flips.accept(replayed.flip());
                    }
                }
            }
        }
    }

    /** Judges one line; touches nothing shared but the (thread-safe) engine. */
    private Outcome judge(String where, LogLines.Line line) {
        if (line.text().isBlank()) {
            return new NotReplayed(Problem.NOT_JSON, where, "a blank line");
        }
        JsonNode event;
        try {
            event = JSON.readTree(line.text());
        } catch (JsonProcessingException e) {
            return new NotReplayed(line.terminated() ? Problem.NOT_JSON : Problem.TRUNCATED, where,
                    e.getOriginalMessage());
        }
        if (event == null || !event.isObject() || !event.path("decision_id").isTextual() || !event.path("path").isTextual()
                || !event.has("input") || !event.has("result")) {
            return new NotReplayed(Problem.NOT_AN_EVENT, where, "missing decision_id, path, input or result");
        }
        String path = event.get("path").asText();
        if (!path.equals(entrypoints.decision())) {
            return new NotReplayed(path.equals(entrypoints.listing()) ? Problem.LISTING : Problem.OTHER_ENTRYPOINT,
                    where, "path " + path);
        }
        JsonNode input = event.get("input");
        Optional<String> invalid = contract.problem(input);
        if (invalid.isPresent()) {
            return new NotReplayed(Problem.INVALID_INPUT, where, invalid.get());
        }
        JsonNode result = event.get("result");
        PolicyDecision logged = DecisionDocument.fromDocument(result);
        // The service logs its fail-closed deny as such; anything else unreadable is not a decision.
        boolean loggedFailClosed = result.path("reasons").path(0).path("code").asText("")
                .equals(DecisionDocument.INVALID_CODE);
        if (DecisionDocument.isInvalid(logged) && !loggedFailClosed) {
            return new NotReplayed(Problem.INVALID_RESULT, where, logged.reasons().getFirst().message());
        }
        Evaluation evaluation;
        try {
            evaluation = candidate.evaluate(input);
        } catch (PolicyEvaluationException e) {
            return new NotReplayed(Problem.EVALUATION_FAILED, where, e.getMessage());
        }
        String revision = event.path("bundles").path("llmgw").path("revision").asText("");
        Flip flip = DecisionChange.between(logged, evaluation.decision())
                .map(kind -> new Flip(kind, event.get("decision_id").asText(), where, input, logged,
                        evaluation.decision(), revision))
                .orElse(null);
        return new Replayed(revision, evaluation.revision(), evaluation.cached(), flip);
    }

    private void problem(Problem problem, String where, String detail) {
        report.problem(problem, where);
        problems.problem(problem, where, detail);
    }

    private static String message(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
