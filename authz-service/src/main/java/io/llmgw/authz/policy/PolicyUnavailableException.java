package io.llmgw.authz.policy;

/** No valid policy is loaded, so no decision can be made. */
public class PolicyUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Stable error code used in logs, metrics and status messages. */
    public static final String CODE = "policy_unavailable";

    public PolicyUnavailableException(String message) {
        super(message);
    }
}
