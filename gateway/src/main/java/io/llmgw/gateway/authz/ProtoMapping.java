package io.llmgw.gateway.authz;

import com.google.protobuf.Timestamp;
import io.llmgw.authz.v1.CandidateDeployment;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.ListAllowedModelsRequest;
import io.llmgw.authz.v1.ModelResolution;
import io.llmgw.authz.v1.Obligations;
import io.llmgw.authz.v1.Principal;
import io.llmgw.authz.v1.RateLimit;
import io.llmgw.gateway.models.Candidate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Maps the gateway's values to the {@code llmgw.authz.v1} messages and decisions back. */
final class ProtoMapping {

    /** Status of a deny whose policy named none, or one that is not an error status. */
    static final int DEFAULT_DENY_STATUS = 403;

    private ProtoMapping() {}

    static CheckRequest checkRequest(io.llmgw.gateway.keys.Principal principal,
            io.llmgw.gateway.models.ModelResolution model, Operation operation, RequestInfo request) {
        return CheckRequest.newBuilder()
                .setPrincipal(principal(principal))
                .setModel(model(model))
                .setOperation(operation(operation))
                .setRequest(request(request))
                .build();
    }

    static ListAllowedModelsRequest listRequest(io.llmgw.gateway.keys.Principal principal,
            List<io.llmgw.gateway.models.ModelResolution> candidates, Operation operation, RequestInfo request) {
        ListAllowedModelsRequest.Builder builder = ListAllowedModelsRequest.newBuilder()
                .setPrincipal(principal(principal))
                .setOperation(operation(operation))
                .setRequest(request(request));
        candidates.forEach(c -> builder.addModels(model(c)));
        return builder.build();
    }

    /** The decision in {@code response}; a response without a decision is no answer at all. */
    static AccessDecision decision(CheckResponse response) {
        return switch (response.getDecision()) {
            case DECISION_ALLOW -> new AccessDecision.Allowed(response.getDecisionId(),
                    conditions(response.getDecisionId(), response.getObligations()));
            case DECISION_DENY -> {
                boolean hasReason = response.getReasonsCount() > 0;
                String code = hasReason && !response.getReasons(0).getCode().isBlank()
                        ? response.getReasons(0).getCode() : "access_denied";
                String message = hasReason && !response.getReasons(0).getMessage().isBlank()
                        ? response.getReasons(0).getMessage() : "Access denied by policy.";
                int status = response.getHttpStatus();
                yield new AccessDecision.Denied(status >= 400 && status <= 599 ? status : DEFAULT_DENY_STATUS, code,
                        message, response.getDecisionId());
            }
            case DECISION_UNSPECIFIED, UNRECOGNIZED -> throw new AuthzUnavailableException(
                    "malformed decision: authz answered " + response.getDecision(), null);
        };
    }

    /**
     * The obligations of an allow. Must-understand: a field this gateway's contract does not
     * know (a newer authz-service) means a condition it cannot enforce, so there is no usable
     * decision: {@link ObligationNotUnderstoodException}.
     */
    private static CallConditions conditions(String decisionId, Obligations o) {
        if (!o.getUnknownFields().asMap().isEmpty()) {
            throw new ObligationNotUnderstoodException(decisionId, "the decision carries obligations this gateway"
                    + " does not understand (obligations fields " + o.getUnknownFields().asMap().keySet() + ")");
        }
        List<CallConditions.Limit> limits = new ArrayList<>();
        for (int i = 0; i < o.getRateLimitsCount(); i++) {
            limits.add(limit(decisionId, "obligations.rate_limits[" + i + "]", o.getRateLimits(i)));
        }
        if (o.hasMaxOutputTokens() && o.getMaxOutputTokens() < 1) {
            throw malformed("obligations.max_output_tokens is " + o.getMaxOutputTokens() + ", not a positive cap");
        }
        if (o.getDeploymentsRestricted() && o.getDeploymentsCount() == 0) {
            throw malformed("obligations.deployments is empty on an allow");
        }
        return new CallConditions(
                o.getDeploymentsRestricted() ? Optional.of(o.getDeploymentsList()) : Optional.empty(),
                o.hasMaxOutputTokens() ? OptionalLong.of(o.getMaxOutputTokens()) : OptionalLong.empty(),
                o.getUpstreamHeadersMap(), limits);
    }

    /** One rate limit, checked: a window of no length or a negative budget could not be counted. */
    private static CallConditions.Limit limit(String decisionId, String path, RateLimit l) {
        if (!l.getUnknownFields().asMap().isEmpty()) {
            throw new ObligationNotUnderstoodException(decisionId, path + " carries fields this gateway does not"
                    + " understand (" + l.getUnknownFields().asMap().keySet() + ")");
        }
        Duration per = Duration.ofSeconds(l.getPer().getSeconds(), l.getPer().getNanos());
        if (l.getBucket().isEmpty() || per.compareTo(Duration.ofSeconds(1)) < 0 || l.getRequests() < 0
                || l.getTokens() < 0 || l.getRequests() + l.getTokens() == 0) {
            throw malformed(path + " needs a bucket, a window of a second or more and a positive budget");
        }
        return new CallConditions.Limit(l.getBucket(), l.getRequests(), l.getTokens(), per,
                l.getCode().isEmpty() ? "rate_limited" : l.getCode());
    }

    private static AuthzUnavailableException malformed(String why) {
        return new AuthzUnavailableException("policy_result_invalid: malformed obligations: " + why, null);
    }

    private static Principal principal(io.llmgw.gateway.keys.Principal p) {
        return Principal.newBuilder()
                .setKeyId(p.keyId())
                .setTeamId(p.teamId())
                .setUserId(p.userId())
                .addAllKeyModels(p.keyModels())
                .addAllTeamModels(p.teamModels())
                .putAllMetadata(p.metadata())
                .putAllTeamMetadata(p.teamMetadata())
                .build();
    }

    private static ModelResolution model(io.llmgw.gateway.models.ModelResolution m) {
        return ModelResolution.newBuilder()
                .setRequested(m.requested())
                .setResolved(m.resolved())
                .setDeployment(m.deployment().id())
                .setProvider(m.provider())
                .addAllAccessGroups(m.accessGroups())
                .addAllTags(m.tags())
                .setHidden(m.hidden())
                .addAllCandidates(m.candidates().stream().map(ProtoMapping::candidate).toList())
                .build();
    }

    private static CandidateDeployment candidate(Candidate c) {
        return CandidateDeployment.newBuilder()
                .setId(c.deployment().id())
                .setProvider(c.deployment().provider())
                .setResolved(c.resolved())
                .addAllAccessGroups(c.deployment().accessGroups())
                .addAllTags(c.deployment().tags())
                .build();
    }

    private static io.llmgw.authz.v1.Operation operation(Operation o) {
        return io.llmgw.authz.v1.Operation.newBuilder()
                .setEndpoint(o.endpoint())
                .setMethod(o.method())
                .setPath(o.path())
                .setStream(o.stream())
                .build();
    }

    private static io.llmgw.authz.v1.RequestInfo request(RequestInfo r) {
        var builder = io.llmgw.authz.v1.RequestInfo.newBuilder()
                .setRequestId(r.requestId())
                .setTime(Timestamp.newBuilder()
                        .setSeconds(r.receivedAt().getEpochSecond())
                        .setNanos(r.receivedAt().getNano()))
                .setClientAddress(r.clientAddress())
                .putAllHeaders(r.headers());
        r.params().ifPresent(p -> builder.setParams(params(p)));
        return builder.build();
    }

    private static io.llmgw.authz.v1.RequestParams params(RequestParams p) {
        var builder = io.llmgw.authz.v1.RequestParams.newBuilder()
                .setStream(p.stream())
                .addAllToolNames(p.toolNames())
                .setToolCount(p.toolCount())
                .setToolChoice(p.toolChoice())
                .setResponseFormat(p.responseFormat())
                .setHasImages(p.hasImages())
                .setHasAudio(p.hasAudio())
                .setReasoningEffort(p.reasoningEffort())
                .setInputBytes(p.inputBytes());
        p.maxOutputTokens().ifPresent(builder::setMaxOutputTokens);
        p.n().ifPresent(builder::setN);
        p.temperature().ifPresent(builder::setTemperature);
        return builder.build();
    }
}
