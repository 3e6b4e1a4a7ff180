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
 *
 * <p>With several replicas, the first try gets only {@value #FIRST_TRY_PERCENT}% of the
 * deadline, and a first try that runs out of it is retried on the next channel (another
 * replica) within the rest: a replica that dies with calls in flight, or hangs, leaves them
 * waiting until the connection is seen closed, often longer than the whole deadline, and only
 * another replica can still answer in time. With one replica the first try has the whole
 * deadline: a second try on another connection to the same service would double its load just
 * when it is slow.
 */
public final class GrpcAuthzClient implements AuthzClient {

    private final List<AuthorizationServiceBlockingStub> stubs;
    private final List<HealthGrpc.HealthBlockingStub> health;
    private final AtomicInteger turn = new AtomicInteger();
    private final Duration deadline;
    private final Duration healthTimeout;
    private final boolean replicas;

    /** Share of the deadline a first try gets when there are several replicas. */
    static final int FIRST_TRY_PERCENT = 60;

    /**
     * @param channel channel to the authz-service
     * @param deadline budget of one check or listing, retry included
     * @param healthTimeout budget of one health call
     */
    public GrpcAuthzClient(Channel channel, Duration deadline, Duration healthTimeout) {
        this(List.of(channel), deadline, healthTimeout, false);
    }

    /**
     * @param channels channels to the authz-service, taken in turn (at least one)
     * @param deadline budget of one check or listing, retry included
     * @param healthTimeout budget of one health call
     * @param replicas whether the next channel after each one leads to another replica (targets
     *     interleaved, see {@link AuthzChannels}), so that a first try may be cut short for it
     */
    public GrpcAuthzClient(List<? extends Channel> channels, Duration deadline, Duration healthTimeout,
            boolean replicas) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("at least one channel to the authz-service is needed");
        }
        this.stubs = channels.stream().map(AuthorizationServiceGrpc::newBlockingStub).toList();
        this.health = channels.stream().map(HealthGrpc::newBlockingStub).toList();
        this.deadline = deadline;
        this.healthTimeout = healthTimeout;
        this.replicas = replicas && channels.size() > 1;
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
        Deadline firstTry = replicas
                ? Deadline.after(deadline.toNanos() * FIRST_TRY_PERCENT / 100, TimeUnit.NANOSECONDS) : budget;
        int first = Math.floorMod(turn.getAndIncrement(), stubs.size());
        try {
            return rpc.apply(stubs.get(first).withDeadline(firstTry));
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            boolean cutShort = code == Status.Code.DEADLINE_EXCEEDED && firstTry != budget;
            if (!(code == Status.Code.UNAVAILABLE || cutShort) || budget.isExpired()) {
                throw unavailable(what, e, false);
            }
        }
        try {
            return rpc.apply(stubs.get((first + 1) % stubs.size()).withDeadline(budget));
        } catch (StatusRuntimeException e) {
            throw unavailable(what, e, true);
        }
    }

    private static AuthzUnavailableException unavailable(String what, StatusRuntimeException e, boolean retried) {
        return new AuthzUnavailableException(what + " failed: " + e.getStatus().getCode()
                + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription())
                + (retried ? " (after one retry)" : ""), e);
    }
}
