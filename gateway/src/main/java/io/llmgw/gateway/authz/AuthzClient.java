package io.llmgw.gateway.authz;

import io.llmgw.gateway.keys.Principal;
import io.llmgw.gateway.models.ModelResolution;
import java.util.List;

/**
 * Asks the authz-service about model access. Every method either returns the policy's answer
 * or throws {@link AuthzUnavailableException}; callers fail closed on it.
 */
public interface AuthzClient {

    /**
     * The decision for one model call.
     *
     * @throws AuthzUnavailableException when no well-formed decision could be had in time
     */
    AccessDecision check(Principal principal, ModelResolution model, Operation operation, RequestInfo request);

    /**
     * The requested names of the {@code candidates} the principal may call and should see
     * listed, from one policy evaluation with the same rules as {@link #check}.
     *
     * @throws AuthzUnavailableException when no answer could be had in time
     */
    List<String> listAllowed(Principal principal, List<ModelResolution> candidates, Operation operation,
            RequestInfo request);

    /** Whether the authz-service answers its health check as SERVING now; never throws. */
    boolean serving();
}
