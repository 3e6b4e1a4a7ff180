package io.llmgw.authz.grpc;

import com.google.protobuf.util.Durations;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.llmgw.authz.policy.Evaluation;
import io.llmgw.authz.policy.PolicyDecision;
import io.llmgw.authz.policy.PolicyEngine;
import io.llmgw.authz.policy.PolicyEvaluationException;
import io.llmgw.authz.policy.Reason;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gRPC adapter: validates a request, maps it to the policy input, asks the engine and
 * maps the decision back. A deny is a successful RPC; an error status means no decision.
 */
public final class AuthorizationService extends AuthorizationServiceGrpc.AuthorizationServiceImplBase {

    private static final Logger LOG = Logger.getLogger(AuthorizationService.class.getName());

    private final PolicyEngine engine;

    public AuthorizationService(PolicyEngine engine) {
        this.engine = engine;
    }

    @Override
    public void check(CheckRequest request, StreamObserver<CheckResponse> responses) {
        if (Context.current().isCancelled()) {
            responses.onError(Status.CANCELLED.withDescription("cancelled or deadline passed before evaluation")
                    .asRuntimeException());
            return;
        }
        Status invalid = CheckRequestValidator.validate(request);
        if (invalid != null) {
            responses.onError(invalid.asRuntimeException());
            return;
        }
        Evaluation evaluation;
        try {
            evaluation = engine.evaluate(CheckRequestMapper.toInput(request));
        } catch (PolicyEvaluationException e) {
            LOG.log(Level.SEVERE, "policy_evaluation_failed", e);
            responses.onError(Status.INTERNAL.withDescription("policy_evaluation_failed: " + e.getMessage())
                    .asRuntimeException());
            return;
        }
        responses.onNext(toResponse(evaluation));
        responses.onCompleted();
    }

    private static CheckResponse toResponse(Evaluation evaluation) {
        CheckResponse.Builder response = CheckResponse.newBuilder()
                .setDecisionId(UUID.randomUUID().toString())
                .setPolicyRevision(evaluation.revision())
                .setEvaluationTime(Durations.fromNanos(evaluation.elapsed().toNanos()));
        switch (evaluation.decision()) {
            case PolicyDecision.Allow allow -> response.setDecision(Decision.DECISION_ALLOW);
            case PolicyDecision.Deny deny -> response.setDecision(Decision.DECISION_DENY)
                    .setHttpStatus(deny.httpStatus());
        }
        for (Reason reason : evaluation.decision().reasons()) {
            response.addReasonsBuilder().setCode(reason.code()).setMessage(reason.message());
        }
        return response.build();
    }
}
