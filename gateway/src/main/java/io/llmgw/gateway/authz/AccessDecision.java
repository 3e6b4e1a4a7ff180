package io.llmgw.gateway.authz;

/** The authz-service's answer for one model call. */
public sealed interface AccessDecision permits AccessDecision.Allowed, AccessDecision.Denied {

    /** The call may be forwarded. */
    record Allowed(String decisionId) implements AccessDecision {}

    /**
     * The call must not be forwarded.
     *
     * @param httpStatus status to answer with
     * @param code stable reason code, used as the OpenAI error code
     * @param message policy message for the client
     * @param decisionId id of the decision in the authz decision log
     */
    record Denied(int httpStatus, String code, String message, String decisionId) implements AccessDecision {}
}
