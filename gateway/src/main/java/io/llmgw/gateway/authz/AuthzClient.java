package io.llmgw.gateway.authz;

import io.llmgw.gateway.keys.KeyRecord;
import io.llmgw.gateway.models.ModelResolution;

/** Asks whether an authenticated key may perform an operation on a resolved model. */
public interface AuthzClient {

    /**
     * Returns the decision for one call.
     *
     * @param endpoint operation name, such as {@code chat.completions}
     * @param path HTTP path of the request
     * @param stream whether the client asked for a streamed response
     * @throws AuthzUnavailableException when no decision could be had; callers fail closed
     */
    AccessDecision check(KeyRecord key, ModelResolution model, String endpoint, String path, boolean stream);
}
