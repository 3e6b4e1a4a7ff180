package io.llmgw.authz.grpc;

import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.llmgw.authz.policy.PolicyEngine;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;

/** Registers the authorization, health and reflection services on a server builder. */
public final class AuthzServer {

    private AuthzServer() {}

    /**
     * Adds every service to {@code builder} and marks them SERVING; the caller picks the
     * transport (Netty on a port in production, in-process in tests).
     */
    public static <T extends ServerBuilder<T>> T configure(T builder, PolicyEngine engine) {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        health.setStatus(AuthorizationServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
        return builder
                .addService(new AuthorizationService(engine))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance());
    }
}
