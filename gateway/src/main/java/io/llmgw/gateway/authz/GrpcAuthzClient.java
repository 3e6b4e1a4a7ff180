package io.llmgw.gateway.authz;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.ModelResolution;
import io.llmgw.authz.v1.Operation;
import io.llmgw.authz.v1.Principal;
import io.llmgw.gateway.keys.KeyRecord;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** {@link AuthzClient} over the llmgw.authz.v1 gRPC API, with a deadline on every call. */
public final class GrpcAuthzClient implements AuthzClient {

    private static final int DEFAULT_DENY_STATUS = 403;

    private final AuthorizationServiceGrpc.AuthorizationServiceBlockingStub stub;
    private final Duration deadline;

    /** @param channel channel to the authz-service; @param deadline budget of one check */
    public GrpcAuthzClient(Channel channel, Duration deadline) {
        this.stub = AuthorizationServiceGrpc.newBlockingStub(channel);
        this.deadline = deadline;
    }

    @Override
    public AccessDecision check(KeyRecord key, io.llmgw.gateway.models.ModelResolution model, String endpoint,
            String path, boolean stream) {
        CheckRequest request = CheckRequest.newBuilder()
                .setPrincipal(Principal.newBuilder()
                        .setKeyId(key.keyId())
                        .setTeamId(key.teamId())
                        .addAllKeyModels(key.models()))
                .setModel(ModelResolution.newBuilder()
                        .setRequested(model.requested())
                        .setResolved(model.resolved())
                        .setDeployment(model.deployment())
                        .setProvider(model.provider())
                        .addAllAccessGroups(model.accessGroups())
                        .addAllTags(model.tags()))
                .setOperation(Operation.newBuilder()
                        .setEndpoint(endpoint)
                        .setMethod("POST")
                        .setPath(path)
                        .setStream(stream))
                .build();
        CheckResponse response;
        try {
            response = stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS).check(request);
        } catch (StatusRuntimeException e) {
            throw new AuthzUnavailableException("authz check failed: " + e.getStatus(), e);
        }
        return toDecision(response);
    }

    private static AccessDecision toDecision(CheckResponse response) {
        return switch (response.getDecision()) {
            case DECISION_ALLOW -> new AccessDecision.Allowed(response.getDecisionId());
            case DECISION_DENY -> {
                String code = response.getReasonsCount() > 0 ? response.getReasons(0).getCode() : "access_denied";
                String message = response.getReasonsCount() > 0
                        ? response.getReasons(0).getMessage() : "access denied by policy";
                int status = response.getHttpStatus() >= 400 ? response.getHttpStatus() : DEFAULT_DENY_STATUS;
                yield new AccessDecision.Denied(status, code, message, response.getDecisionId());
            }
            case DECISION_UNSPECIFIED, UNRECOGNIZED -> throw new AuthzUnavailableException(
                    "authz answered without a decision (" + response.getDecision() + ")", null);
        };
    }
}
