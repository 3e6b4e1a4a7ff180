package io.llmgw.authz.grpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.Durations;
import io.llmgw.authz.policy.Evaluation;
import io.llmgw.authz.policy.Listing;
import io.llmgw.authz.policy.PolicyDecision;
import io.llmgw.authz.policy.Reason;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import io.llmgw.authz.v1.ListAllowedModelsResponse;
import java.util.LinkedHashSet;

/** Maps engine answers to proto responses and to the result documents the decision log records. */
final class ResponseMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResponseMapper() {}

    static CheckResponse toResponse(String decisionId, Evaluation evaluation) {
        CheckResponse.Builder response = CheckResponse.newBuilder()
                .setDecisionId(decisionId)
                .setPolicyRevision(evaluation.revision())
                .setEvaluationTime(Durations.fromNanos(evaluation.elapsed().toNanos()));
        switch (evaluation.decision()) {
            case PolicyDecision.Allow allow -> response.setDecision(Decision.DECISION_ALLOW);
            case PolicyDecision.Deny deny -> response.setDecision(Decision.DECISION_DENY).setHttpStatus(deny.httpStatus());
        }
        for (Reason reason : evaluation.decision().reasons()) {
            response.addReasonsBuilder().setCode(reason.code()).setMessage(reason.message());
        }
        return response.build();
    }

    static ListAllowedModelsResponse toResponse(String decisionId, Listing listing) {
        return ListAllowedModelsResponse.newBuilder()
                .setDecisionId(decisionId)
                .setPolicyRevision(listing.revision())
                .setEvaluationTime(Durations.fromNanos(listing.elapsed().toNanos()))
                // Each name once, in the order the policy gave them.
                .addAllModels(new LinkedHashSet<>(listing.models()))
                .build();
    }

    /** The decision as the decision log records it: {@code {"allow", "reasons", "http_status"}}. */
    static ObjectNode resultDocument(Evaluation evaluation) {
        ObjectNode result = NODES.objectNode();
        result.put("allow", evaluation.decision() instanceof PolicyDecision.Allow);
        var reasons = result.putArray("reasons");
        evaluation.decision().reasons().forEach(r -> reasons.addObject().put("code", r.code()).put("message", r.message()));
        if (evaluation.decision() instanceof PolicyDecision.Deny deny && deny.httpStatus() != 0) {
            result.put("http_status", deny.httpStatus());
        }
        return result;
    }

    /** The listing as the decision log records it: {@code {"models": [...], "valid": bool}}. */
    static ObjectNode resultDocument(Listing listing) {
        ObjectNode result = NODES.objectNode();
        var models = result.putArray("models");
        listing.models().forEach(models::add);
        result.put("valid", listing.valid());
        return result;
    }
}
