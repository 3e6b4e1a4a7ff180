package io.llmgw.gateway.authz;

import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import io.llmgw.gateway.keys.Principal;
import io.llmgw.gateway.models.Deployment;
import io.llmgw.gateway.models.ModelResolution;
import io.llmgw.gateway.models.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Start-up warm-up of the authz path. A cold JVM spends far more than a 50 ms check deadline
 * loading the gRPC, Netty and protobuf classes on the first call, so without this the first
 * requests after start would answer 503. It waits for the service to report SERVING, makes a
 * few health calls over the same channel, and builds and parses the check messages locally.
 * It sends no access check, so the decision log holds only real decisions.
 */
public final class AuthzWarmup {

    private static final Logger LOG = Logger.getLogger(AuthzWarmup.class.getName());
    private static final int WARM_CALLS = 20;
    private static final Duration POLL = Duration.ofMillis(200);

    private AuthzWarmup() {}

    /** Waits up to {@code maxWait} for SERVING; returns whether it came. Never throws. */
    public static boolean run(AuthzClient authz, Duration maxWait) {
        exerciseMessages();
        Instant giveUp = Instant.now().plus(maxWait);
        boolean serving = authz.serving();
        while (!serving && Instant.now().isBefore(giveUp)) {
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            serving = authz.serving();
        }
        if (!serving) {
            LOG.warning(() -> "authz_unavailable: authz-service not SERVING after " + maxWait
                    + "; starting anyway, not ready and failing closed until it is");
            return false;
        }
        for (int i = 0; i < WARM_CALLS; i++) {
            authz.serving();
        }
        return true;
    }

    private static void exerciseMessages() {
        var deployment = new Deployment("warmup", Deployment.MOCK, "warmup", Optional.empty(), Secret.NONE, List.of(),
                List.of(), Optional.empty(), Optional.empty());
        var principal = new Principal("warmup", "", "", List.of(), List.of(), Map.of());
        var model = new ModelResolution("warmup", "warmup", deployment, false);
        var operation = new Operation("chat.completions", "POST", "/v1/chat/completions", false);
        var request = new RequestInfo("warmup", Instant.now(), "");
        ProtoMapping.checkRequest(principal, model, operation, request).toByteArray();
        ProtoMapping.listRequest(principal, List.of(model), operation, request).toByteArray();
        try {
            ProtoMapping.decision(CheckResponse.parseFrom(
                    CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).build().toByteArray()));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("a message the gateway just built does not parse", e);
        }
    }
}
