package io.llmgw.authz.grpc;

import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import java.util.Optional;

/**
 * Registers the authorization and health services, and reflection when asked for, on a
 * server builder, behind the caller check when there is one; the caller picks the transport
 * (Netty with mutual TLS on a port in production, in-process in tests).
 */
public final class AuthzServer {

    /** Largest request accepted, in bytes; larger ones fail with RESOURCE_EXHAUSTED. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private final HealthStatusManager health = new HealthStatusManager();

    /** Health starts NOT_SERVING; call {@link #setServing(boolean)} once a policy is loaded. */
    public AuthzServer() {
        setServing(false);
    }

    /** Adds the services to {@code builder}, without reflection and without a caller check. */
    public <T extends ServerBuilder<T>> T configure(T builder, AuthorizationService service, int maxMessageBytes) {
        return configure(builder, service, maxMessageBytes, false, Optional.empty());
    }

    /**
     * Adds the services to {@code builder}.
     *
     * @param reflection whether to offer the reflection service
     * @param callers the check every call passes first, whatever its service (none for plaintext)
     */
    public <T extends ServerBuilder<T>> T configure(T builder, AuthorizationService service, int maxMessageBytes,
            boolean reflection, Optional<CallerAuthorization> callers) {
        builder.addService(MalformedMessages.guard(service))
                .addService(health.getHealthService())
                .maxInboundMessageSize(maxMessageBytes);
        if (reflection) {
            builder.addService(ProtoReflectionServiceV1.newInstance());
        }
        callers.ifPresent(builder::intercept);
        return builder;
    }

    /** Reports SERVING (a policy is live) or NOT_SERVING, overall and for the authorization service. */
    public void setServing(boolean serving) {
        ServingStatus status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
        health.setStatus(AuthorizationServiceGrpc.SERVICE_NAME, status);
    }

    /** Reports NOT_SERVING for good, e.g. while shutting down. */
    public void shutdown() {
        health.enterTerminalState();
    }
}
