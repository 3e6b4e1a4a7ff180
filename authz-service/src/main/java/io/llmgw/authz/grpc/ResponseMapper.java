package io.llmgw.authz.grpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.Durations;
import io.llmgw.authz.policy.Evaluation;
import io.llmgw.authz.policy.Listing;
import io.llmgw.authz.policy.Obligations;
import io.llmgw.authz.policy.PolicyDecision;
import io.llmgw.authz.policy.RateLimit;
import io.llmgw.authz.policy.Reason;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import io.llmgw.authz.v1.ListAllowedModelsResponse;
import java.util.LinkedHashSet;

/** Maps engine answers to proto responses and to the result documents the decision log records. */
public final class ResponseMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResponseMapper() {}

    static CheckResponse toResponse(String decisionId, Evaluation evaluation) {
        CheckResponse.Builder response = CheckResponse.newBuilder()
                .setDecisionId(decisionId)
                .setPolicyRevision(evaluation.revision())
                .setEvaluationTime(Durations.fromNanos(evaluation.elapsed().toNanos()));
        switch (evaluation.decision()) {
            case PolicyDecision.Allow allow -> {
                response.setDecision(Decision.DECISION_ALLOW);
                if (!allow.obligations().isEmpty()) {
                    response.setObligations(obligations(allow.obligations()));
                }
            }
            case PolicyDecision.Deny deny -> response.setDecision(Decision.DECISION_DENY).setHttpStatus(deny.httpStatus());
        }
        for (Reason reason : evaluation.decision().reasons()) {
            response.addReasonsBuilder().setCode(reason.code()).setMessage(reason.message());
        }
        return response.build();
    }

    private static io.llmgw.authz.v1.Obligations obligations(Obligations o) {
        var proto = io.llmgw.authz.v1.Obligations.newBuilder().putAllUpstreamHeaders(o.upstreamHeaders());
        o.deployments().ifPresent(ids -> proto.setDeploymentsRestricted(true).addAllDeployments(ids));
        o.maxOutputTokens().ifPresent(proto::setMaxOutputTokens);
        for (RateLimit limit : o.rateLimits()) {
            proto.addRateLimitsBuilder().setBucket(limit.bucket()).setRequests(limit.requests())
                    .setTokens(limit.tokens()).setPer(Durations.fromSeconds(limit.per().toSeconds()))
                    .setCode(limit.code());
        }
        return proto.build();
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

    /**
     * The decision as the decision log records it: {@code {"allow", "reasons", "http_status",
     * "obligations"}}, the obligations as sent to the gateway ({@code per} in seconds).
     */
    static ObjectNode resultDocument(Evaluation evaluation) {
        return resultDocument(evaluation.decision());
    }

    /**
     * A decision as the decision log records it: {@code allow}, {@code reasons}, and
     * {@code http_status} or {@code obligations} when there are any (also for tools that show
     * decisions, such as replay's JSON lines).
     */
    public static ObjectNode resultDocument(PolicyDecision decision) {
        ObjectNode result = NODES.objectNode();
        result.put("allow", decision instanceof PolicyDecision.Allow);
        var reasons = result.putArray("reasons");
        decision.reasons().forEach(r -> reasons.addObject().put("code", r.code()).put("message", r.message()));
        if (decision instanceof PolicyDecision.Deny deny && deny.httpStatus() != 0) {
            result.put("http_status", deny.httpStatus());
        }
        if (decision instanceof PolicyDecision.Allow allow && !allow.obligations().isEmpty()) {
            result.set("obligations", obligationsDocument(allow.obligations()));
        }
        return result;
    }

    private static ObjectNode obligationsDocument(Obligations o) {
        ObjectNode node = NODES.objectNode();
        o.deployments().ifPresent(ids -> ids.forEach(node.putArray("deployments")::add));
        o.maxOutputTokens().ifPresent(cap -> node.put("max_output_tokens", cap));
        if (!o.upstreamHeaders().isEmpty()) {
            ObjectNode headers = node.putObject("upstream_headers");
            o.upstreamHeaders().forEach(headers::put);
        }
        if (!o.rateLimits().isEmpty()) {
            var limits = node.putArray("rate_limits");
            o.rateLimits().forEach(l -> limits.addObject().put("bucket", l.bucket()).put("requests", l.requests())
                    .put("tokens", l.tokens()).put("per_seconds", l.per().toSeconds()).put("code", l.code()));
        }
        return node;
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
