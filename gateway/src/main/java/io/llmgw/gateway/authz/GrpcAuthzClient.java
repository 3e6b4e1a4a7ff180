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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@link AuthzClient} over the {@code llmgw.authz.v1} gRPC API. Calls take turns over the
 * channels it is given (several connections, several replicas). Every call has one deadline;
 * a call that fails with {@code UNAVAILABLE} (a connection not yet or no longer up) is retried
 * once, on the next channel, if that same deadline still allows it, and never beyond it.
 */
public final class GrpcAuthzClient implements AuthzClient {

    private final List<AuthorizationServiceBlockingStub> stubs;
    private final List<HealthGrpc.HealthBlockingStub> health;
    private final AtomicInteger turn = new AtomicInteger();
    private final Duration deadline;
    private final Duration healthTimeout;

    /**
     * @param channel channel to the authz-service
     * @param deadline budget of one check or listing, retry included
     * @param healthTimeout budget of one health call
     */
    public GrpcAuthzClient(Channel channel, Duration deadline, Duration healthTimeout) {
        this(List.of(channel), deadline, healthTimeout);
    }

    /**
     * @param channels channels to the authz-service, taken in turn (at least one)
     * @param deadline budget of one check or listing, retry included
     * @param healthTimeout budget of one health call
     */
    public GrpcAuthzClient(List<? extends Channel> channels, Duration deadline, Duration healthTimeout) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("at least one channel to the authz-service is needed");
        }
        this.stubs = channels.stream().map(AuthorizationServiceGrpc::newBlockingStub).toList();
        this.health = channels.stream().map(HealthGrpc::newBlockingStub).toList();
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
        // Serving when any channel reaches a serving replica: checks go where they can.
        for (HealthGrpc.HealthBlockingStub stub : health) {
            try {
                if (stub.withDeadlineAfter(healthTimeout.toNanos(), TimeUnit.NANOSECONDS)
                        .check(HealthCheckRequest.newBuilder().setService(AuthorizationServiceGrpc.SERVICE_NAME).build())
                        .getStatus() == ServingStatus.SERVING) {
                    return true;
                }
            } catch (StatusRuntimeException e) {
                // try the next one
            }
        }
        return false;
    }

    private <T> T call(String what, Function<AuthorizationServiceBlockingStub, T> rpc) {
        Deadline budget = Deadline.after(deadline.toNanos(), TimeUnit.NANOSECONDS);
        int first = Math.floorMod(turn.getAndIncrement(), stubs.size());
        boolean retried = false;
        while (true) {
            try {
                return rpc.apply(stubs.get((first + (retried ? 1 : 0)) % stubs.size()).withDeadline(budget));
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
