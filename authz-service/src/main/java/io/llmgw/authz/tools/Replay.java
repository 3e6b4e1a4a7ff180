package io.llmgw.authz.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgw.authz.grpc.InputContract;
import io.llmgw.authz.policy.DecisionChange;
import io.llmgw.authz.policy.DecisionDocument;
import io.llmgw.authz.policy.Entrypoints;
import io.llmgw.authz.policy.Evaluation;
import io.llmgw.authz.policy.PolicyDecision;
import io.llmgw.authz.policy.PolicyEngine;
import io.llmgw.authz.policy.PolicyEvaluationException;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Re-decides logged checks with a candidate engine, one log line at a time: each line is
 * either replayed (and compared with its logged decision) or counted as a {@link Problem}
 * with its source and line number. The engine is expected to reuse decisions for inputs
 * equal on every path the policy reads (the service's decision cache), so a log of many
 * repeated checks costs one evaluation per distinct input.
 */
final class Replay {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PolicyEngine candidate;
    private final Entrypoints entrypoints;
    private final ReplayReport report;
    private final Consumer<Flip> flips;
    private final ProblemSink problems;

    /** Told of each line not replayed, with its detail (e.g. for JSON-lines output). */
    interface ProblemSink {
        void problem(Problem problem, String where, String detail);
    }

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
            try {
                for (LogLines.Line line = lines.next(); line != null; line = lines.next()) {
                    accept(lines.name() + ":" + line.number(), line);
                }
            } catch (java.io.EOFException e) {
                problem(Problem.UNREADABLE, lines.name() + ":" + (lines.lineNumber() + 1),
                        "the gzip stream ends early after line " + lines.lineNumber() + " (truncated file)");
            } catch (IOException e) {
                problem(Problem.UNREADABLE, lines.name() + ":" + (lines.lineNumber() + 1), message(e));
            }
        } catch (IOException e) {
            problem(Problem.UNREADABLE, source, "cannot open: " + message(e));
        }
    }

    private void accept(String where, LogLines.Line line) {
        report.lines++;
        if (line.text().isBlank()) {
            problem(Problem.NOT_JSON, where, "a blank line");
            return;
        }
        JsonNode event;
        try {
            event = JSON.readTree(line.text());
        } catch (JsonProcessingException e) {
            problem(line.terminated() ? Problem.NOT_JSON : Problem.TRUNCATED, where, e.getOriginalMessage());
            return;
        }
        if (event == null || !event.isObject() || !event.path("decision_id").isTextual() || !event.path("path").isTextual()
                || !event.has("input") || !event.has("result")) {
            problem(Problem.NOT_AN_EVENT, where, "missing decision_id, path, input or result");
            return;
        }
        String path = event.get("path").asText();
        if (!path.equals(entrypoints.decision())) {
            problem(path.equals(entrypoints.listing()) ? Problem.LISTING : Problem.OTHER_ENTRYPOINT, where,
                    "path " + path);
            return;
        }
        JsonNode input = event.get("input");
        Optional<String> invalid = InputContract.checkInputProblem(input);
        if (invalid.isPresent()) {
            problem(Problem.INVALID_INPUT, where, invalid.get());
            return;
        }
        JsonNode result = event.get("result");
        PolicyDecision logged = DecisionDocument.fromDocument(result);
        // The service logs its fail-closed deny as such; anything else unreadable is not a decision.
        boolean loggedFailClosed = result.path("reasons").path(0).path("code").asText("")
                .equals(DecisionDocument.INVALID_CODE);
        if (DecisionDocument.isInvalid(logged) && !loggedFailClosed) {
            problem(Problem.INVALID_RESULT, where, logged.reasons().getFirst().message());
            return;
        }
        Evaluation evaluation;
        try {
            evaluation = candidate.evaluate(input);
        } catch (PolicyEvaluationException e) {
            problem(Problem.EVALUATION_FAILED, where, e.getMessage());
            return;
        }
        report.candidateRevision = evaluation.revision();
        String revision = event.path("bundles").path("llmgw").path("revision").asText("");
        report.replayed(revision, evaluation.cached());
        DecisionChange kind = DecisionChange.between(logged, evaluation.decision()).orElse(null);
        if (kind != null) {
            Flip flip = new Flip(kind, event.get("decision_id").asText(), where, input, logged, evaluation.decision(),
                    revision);
            report.flip(flip);
            flips.accept(flip);
        }
    }

    private void problem(Problem problem, String where, String detail) {
        report.problem(problem, where);
        problems.problem(problem, where, detail);
    }

    private static String message(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
