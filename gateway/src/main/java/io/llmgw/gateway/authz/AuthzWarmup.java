package io.llmgw.gateway.authz;

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
 * Start-up warm-up of the authz path. Freshly started JVMs load classes and run interpreted
 * code on their first checks, on both sides of the channel, and take far longer than a 50 ms
 * deadline: without this, the first requests after start would answer 503. It waits for the
 * authz-service to report SERVING, then sends a few checks and listings with a generous
 * deadline. They use the principal {@value #WARMUP_KEY_ID} and request ids {@code warmup-N},
 * so the decision log shows them for what they are; their answers are ignored.
 */
public final class AuthzWarmup {

    /** Key id of the warm-up principal, which is granted nothing. */
    public static final String WARMUP_KEY_ID = "llmgw-gateway-warmup";

    private static final Logger LOG = Logger.getLogger(AuthzWarmup.class.getName());
    private static final int CHECKS = 50;
    private static final int LISTINGS = 10;
    private static final Duration POLL = Duration.ofMillis(200);

    private AuthzWarmup() {}

    /**
     * Waits up to {@code maxWait} for SERVING, then warms up; returns whether the service came
     * up. Never throws: a gateway without its authz-service starts anyway, not ready, failing
     * closed.
     *
     * @param client a client over the production channel, with a deadline long enough for cold calls
     */
    public static boolean run(AuthzClient client, Duration maxWait) {
        Instant giveUp = Instant.now().plus(maxWait);
        boolean serving = client.serving();
        while (!serving && Instant.now().isBefore(giveUp)) {
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            serving = client.serving();
        }
        if (!serving) {
            LOG.warning(() -> "authz_unavailable: authz-service not SERVING after " + maxWait
                    + "; starting anyway, not ready and failing closed until it is");
            return false;
        }
        var principal = new Principal(WARMUP_KEY_ID, "", "", List.of(), List.of(), Map.of("purpose", "warmup"));
        var model = new ModelResolution("warmup", "warmup", new Deployment("warmup", Deployment.MOCK, "warmup",
                Optional.empty(), Secret.NONE, List.of(), List.of(), Optional.empty(), Optional.empty()), false);
        var operation = new Operation("chat.completions", "POST", "/v1/chat/completions", false);
        for (int i = 0; i < CHECKS + LISTINGS; i++) {
            var request = new RequestInfo("warmup-" + i, Instant.now(), "");
            try {
                if (i < CHECKS) {
                    client.check(principal, model, operation, request);
                } else {
                    client.listAllowed(principal, List.of(model), operation, request);
                }
            } catch (AuthzUnavailableException e) {
                LOG.fine(() -> "warm-up call failed: " + e.getMessage());
            }
        }
        return true;
    }
}
