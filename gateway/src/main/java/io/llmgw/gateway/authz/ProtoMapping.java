package io.llmgw.gateway.authz;

import com.google.protobuf.Timestamp;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.ListAllowedModelsRequest;
import io.llmgw.authz.v1.ModelResolution;
import io.llmgw.authz.v1.Principal;
import java.util.List;

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
            case DECISION_ALLOW -> new AccessDecision.Allowed(response.getDecisionId());
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

    private static Principal principal(io.llmgw.gateway.keys.Principal p) {
        return Principal.newBuilder()
                .setKeyId(p.keyId())
                .setTeamId(p.teamId())
                .setUserId(p.userId())
                .addAllKeyModels(p.keyModels())
                .addAllTeamModels(p.teamModels())
                .putAllMetadata(p.metadata())
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
        return io.llmgw.authz.v1.RequestInfo.newBuilder()
                .setRequestId(r.requestId())
                .setTime(Timestamp.newBuilder()
                        .setSeconds(r.receivedAt().getEpochSecond())
                        .setNanos(r.receivedAt().getNano()))
                .setClientAddress(r.clientAddress())
                .build();
    }
}
