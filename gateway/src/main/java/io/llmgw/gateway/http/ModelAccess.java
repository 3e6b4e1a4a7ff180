package io.llmgw.gateway.http;

import io.helidon.webserver.http.ServerRequest;
import io.llmgw.gateway.authz.AccessDecision;
import io.llmgw.gateway.authz.ObligationNotUnderstoodException;
import io.llmgw.gateway.authz.Operation;
import io.llmgw.gateway.keys.Principal;
import io.llmgw.gateway.logging.LogText;
import io.llmgw.gateway.models.ModelResolution;
import java.util.logging.Logger;

/**
 * The access check behind every model call and {@code GET /v1/models/{model}}, one rule for
 * both so that they can never disagree and neither tells a caller which names exist: the policy
 * is asked about every name, known or not (an unknown one as {@link ModelResolution#unknown}).
 * A deny is answered with the policy's status (403 by default) and reason whether the name
 * exists or not; only a key the policy lets use the name learns that it does not exist (404
 * {@code model_not_found}). An unknown name is never called, whatever the policy says.
 */
final class ModelAccess {

    private static final Logger LOG = Logger.getLogger(ModelAccess.class.getName());

    private final Gateway gateway;

    ModelAccess(Gateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Asks the policy whether {@code principal} may use {@code model} for {@code operation}.
     *
     * @return the allow, for a known model only
     * @throws ApiException the policy's deny, or 404 for an allowed name the catalog does not know
     */
    AccessDecision.Allowed require(Principal principal, ModelResolution model, Operation operation, ServerRequest req) {
        AccessDecision decision = decide(principal, model, operation, req);
        String requestId = RequestMeta.of(req).id();
        return switch (decision) {
            case AccessDecision.Denied denied -> {
                LOG.info(() -> "denied request_id=" + requestId + " key_id=" + principal.keyId() + " model="
                        + LogText.quote(model.requested()) + " known=" + model.known() + " code=" + denied.code()
                        + " decision_id=" + denied.decisionId());
                throw new ApiException(OpenAiError.denied(denied.httpStatus(), denied.code(), denied.message()));
            }
            case AccessDecision.Allowed allowed -> {
                if (!model.known()) {
                    throw new ApiException(OpenAiError.modelNotFound(model.requested()));
                }
                yield allowed;
            }
        };
    }

    /**
     * The policy's answer for {@code model}, counted, neither logged nor turned into an error:
     * for a fallback or another deployment, whose deny skips it rather than ending the request.
     * Both {@link #require} and the retries and fallbacks of {@link ModelCallAttempts} decide
     * here, so a rule that turns an answer into a refusal belongs here to hold for every try.
     *
     * @throws io.llmgw.gateway.authz.AuthzUnavailableException when no decision could be had
     * @throws ObligationNotUnderstoodException when the decision carries an obligation this
     *     gateway does not know (logged and counted here)
     */
    AccessDecision decide(Principal principal, ModelResolution model, Operation operation, ServerRequest req) {
        AccessDecision decision;
        try {
            decision = gateway.authz().check(principal, model, operation, RequestMeta.info(req));
        } catch (ObligationNotUnderstoodException e) {
            // A decision came but cannot be used: counted and logged here, once, whichever try it was.
            gateway.metrics().decision(ObligationNotUnderstoodException.CODE);
            LOG.warning(() -> ObligationNotUnderstoodException.CODE + " request_id=" + RequestMeta.of(req).id()
                    + " key_id=" + principal.keyId() + " model=" + LogText.quote(model.requested())
                    + " decision_id=" + e.decisionId() + " " + LogText.quote(e.getMessage()));
            throw e;
        }
        gateway.metrics().decision(decision instanceof AccessDecision.Allowed ? "allow" : "deny");
        return decision;
    }
}
