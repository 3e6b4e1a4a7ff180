package io.llmgw.gateway.authz;

import io.grpc.Channel;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.authz.v1.AuthorizationServiceGrpc.AuthorizationServiceBlockingStub;
import io.llmgw.gateway.keys.Principal;
import io.llmgw.gateway.models.ModelResolution;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@link AuthzClient} over the {@code llmgw.authz.v1} gRPC API. Every call has one deadline;
 * a call that fails with {@code UNAVAILABLE} (a connection not yet or no longer up) is retried
 * once if that same deadline still allows it, and never beyond it.
 */
public final class GrpcAuthzClient implements AuthzClient {

    private final AuthorizationServiceBlockingStub stub;
    private final HealthGrpc.HealthBlockingStub health;
    private final Duration deadline;
    private final Duration healthTimeout;

    /**
     * @param channel channel to the authz-service
     * @param deadline budget of one check or listing, retry included
     * @param healthTimeout budget of one health call
     */
    public GrpcAuthzClient(Channel channel, Duration deadline, Duration healthTimeout) {
        this.stub = AuthorizationServiceGrpc.newBlockingStub(channel);
        this.health = HealthGrpc.newBlockingStub(channel);
        this.deadline = deadline;
        this.healthTimeout = healthTimeout;
    }

    @Override
    public AccessDecision check(Principal principal, ModelResolution model, Operation operation, RequestInfo request) {
        var message = ProtoMapping.checkRequest(principal, model, operation, request);
        return ProtoMapping.decision(call("check", s -> s.check(message)));
    }

    @Override
    public List<String> listAllowed(Principal principal, List<ModelResolution> candidates, Operation operation,
            RequestInfo request) {
        var message = ProtoMapping.listRequest(principal, candidates, operation, request);
        return List.copyOf(call("list allowed models", s -> s.listAllowedModels(message)).getModelsList());
    }

    @Override
    public boolean serving() {
        try {
            return health.withDeadlineAfter(healthTimeout.toNanos(), TimeUnit.NANOSECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(AuthorizationServiceGrpc.SERVICE_NAME).build())
                    .getStatus() == ServingStatus.SERVING;
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    private <T> T call(String what, Function<AuthorizationServiceBlockingStub, T> rpc) {
        Deadline budget = Deadline.after(deadline.toNanos(), TimeUnit.NANOSECONDS);
        boolean retried = false;
        while (true) {
            try {
                return rpc.apply(stub.withDeadline(budget));
            } catch (StatusRuntimeException e) {
                if (!retried && e.getStatus().getCode() == Status.Code.UNAVAILABLE && !budget.isExpired()) {
                    retried = true;
                    continue;
                }
                throw new AuthzUnavailableException(what + " failed: " + e.getStatus().getCode()
                        + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription())
                        + (retried ? " (after one retry)" : ""), e);
            }
        }
    }
}
