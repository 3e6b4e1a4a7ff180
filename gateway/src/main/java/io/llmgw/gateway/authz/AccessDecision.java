package io.llmgw.gateway.authz;

import java.util.Objects;

/** The authz-service's answer for one model call. */
public sealed interface AccessDecision permits AccessDecision.Allowed, AccessDecision.Denied {

    /** Id of the decision in the authz decision log. */
    String decisionId();

    /**
     * The call may be forwarded, on the policy's conditions.
     *
     * @param decisionId id of the decision in the authz decision log
     * @param conditions the obligations the gateway must enforce
     */
    record Allowed(String decisionId, CallConditions conditions) implements AccessDecision {
        public Allowed {
            Objects.requireNonNull(decisionId, "decisionId");
            Objects.requireNonNull(conditions, "conditions");
        }

        /** A plain allow. */
        public Allowed(String decisionId) {
            this(decisionId, CallConditions.NONE);
        }
    }

    /**
     * The call must not be forwarded.
     *
     * @param httpStatus status to answer with (4xx or 5xx)
     * @param code stable reason code, used as the OpenAI error code
     * @param message policy message for the client
     * @param decisionId id of the decision in the authz decision log
     */
    record Denied(int httpStatus, String code, String message, String decisionId) implements AccessDecision {
        public Denied {
            if (httpStatus < 400 || httpStatus > 599) {
                throw new IllegalArgumentException("a deny answers with 4xx or 5xx, not " + httpStatus);
            }
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(decisionId, "decisionId");
        }
    }
}
