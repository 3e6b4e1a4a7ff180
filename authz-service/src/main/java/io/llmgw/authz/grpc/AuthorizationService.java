package io.llmgw.authz.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.llmgw.authz.audit.DecisionEvent;
import io.llmgw.authz.audit.DecisionLog;
import io.llmgw.authz.observe.AuthzMetrics;
import io.llmgw.authz.policy.Entrypoints;
import io.llmgw.authz.policy.Evaluation;
import io.llmgw.authz.policy.Listing;
import io.llmgw.authz.policy.PolicyDecision;
import io.llmgw.authz.policy.PolicyEngine;
import io.llmgw.authz.policy.PolicyEvaluationException;
import io.llmgw.authz.policy.PolicyUnavailableException;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.ListAllowedModelsRequest;
import io.llmgw.authz.v1.ListAllowedModelsResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gRPC adapter: validates a request, maps it to the policy input, asks the engine, logs
 * the decision and maps it back. A deny is a successful RPC; an error status means no
 * decision was made. Requests that are invalid, cancelled or past their deadline are never
 * evaluated, so no allow is ever logged for them.
 */
public final class AuthorizationService extends AuthorizationServiceGrpc.AuthorizationServiceImplBase {

    private static final Logger LOG = Logger.getLogger(AuthorizationService.class.getName());

    private final PolicyEngine engine;
    private final Entrypoints entrypoints;
    private final DecisionLog decisionLog;
    private final AuthzMetrics metrics;

    public AuthorizationService(PolicyEngine engine, Entrypoints entrypoints, DecisionLog decisionLog,
            AuthzMetrics metrics) {
        this.engine = engine;
        this.entrypoints = entrypoints;
        this.decisionLog = decisionLog;
        this.metrics = metrics;
    }

    @Override
    public void check(CheckRequest request, StreamObserver<CheckResponse> responses) {
        long start = System.nanoTime();
        Status invalid = RequestValidator.validate(request);
        ObjectNode input = invalid == null ? PolicyInputMapper.toInput(request) : null;
        Evaluation evaluation = evaluate("check", invalid, () -> engine.evaluate(input), responses);
        if (evaluation == null) {
            return;
        }
        CheckResponse response = ResponseMapper.toResponse(UUID.randomUUID().toString(), evaluation);
        record(response.getDecisionId(), entrypoints.decision(), input, ResponseMapper.resultDocument(evaluation),
                evaluation.revision(), evaluation.elapsed(), evaluation.cached(), start);
        String reason = evaluation.decision().reasons().isEmpty() ? "" : evaluation.decision().reasons().getFirst().code();
        metrics.decision("check", evaluation.decision() instanceof PolicyDecision.Allow, reason, evaluation.elapsed(),
                evaluation.cached());
        responses.onNext(response);
        responses.onCompleted();
    }

    @Override
    public void listAllowedModels(ListAllowedModelsRequest request,
            StreamObserver<ListAllowedModelsResponse> responses) {
        long start = System.nanoTime();
        Status invalid = RequestValidator.validate(request);
        ObjectNode input = invalid == null ? PolicyInputMapper.toInput(request) : null;
        Listing listing = evaluate("list_allowed_models", invalid, () -> engine.listAllowed(input), responses);
        if (listing == null) {
            return;
        }
        ListAllowedModelsResponse response = ResponseMapper.toResponse(UUID.randomUUID().toString(), listing);
        record(response.getDecisionId(), entrypoints.listing(), input, ResponseMapper.resultDocument(listing),
                listing.revision(), listing.elapsed(), listing.cached(), start);
        metrics.decision("list_allowed_models", listing.valid(), listing.valid() ? "" : "policy_result_invalid",
                listing.elapsed(), listing.cached());
        responses.onNext(response);
        responses.onCompleted();
    }

    /** Runs {@code evaluation} unless the request is invalid or abandoned; returns null after answering an error. */
    private <T> T evaluate(String rpc, Status invalid, Supplier<T> evaluation, StreamObserver<?> responses) {
        Status error = invalid;
        if (error == null && Context.current().isCancelled()) {
            error = Status.CANCELLED.withDescription("cancelled or past its deadline before evaluation");
        }
        if (error == null) {
            try {
                return evaluation.get();
            } catch (PolicyUnavailableException e) {
                error = Status.UNAVAILABLE.withDescription(PolicyUnavailableException.CODE + ": " + e.getMessage());
            } catch (PolicyEvaluationException e) {
                LOG.log(Level.SEVERE, "policy_evaluation_failed", e);
                error = Status.INTERNAL.withDescription("policy_evaluation_failed: " + e.getMessage());
            }
        }
        metrics.failure(rpc, error.getCode().name());
        responses.onError(error.asRuntimeException());
        return null;
    }

    private void record(String decisionId, String path, JsonNode input, JsonNode result, String revision,
            Duration evaluation, boolean cached, long start) {
        decisionLog.record(new DecisionEvent(decisionId, path, input, result, Instant.now(), revision, evaluation,
                Duration.ofNanos(System.nanoTime() - start), cached));
    }
}
