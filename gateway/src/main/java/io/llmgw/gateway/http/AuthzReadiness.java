package io.llmgw.gateway.http;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.llmgw.gateway.authz.AuthzClient;

/**
 * Readiness follows the authz connection: without an authz-service answering SERVING every
 * model call would be refused, so the gateway should get no traffic.
 */
final class AuthzReadiness implements HealthCheck {

    private final AuthzClient authz;

    AuthzReadiness(AuthzClient authz) {
        this.authz = authz;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "authz";
    }

    @Override
    public HealthCheckResponse call() {
        boolean serving = authz.serving();
        return HealthCheckResponse.builder()
                .status(serving)
                .detail("authz-service", serving ? "SERVING" : "not serving (authz_unavailable)")
                .build();
    }
}
