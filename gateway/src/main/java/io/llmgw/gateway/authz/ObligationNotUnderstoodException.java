package io.llmgw.gateway.authz;

import java.util.Objects;

/**
 * An allow carrying an obligation this gateway's contract does not know (an authz-service newer
 * than the gateway): the gateway cannot enforce it, so there is no usable decision. A failure to
 * decide, so the call fails closed as for {@link AuthzUnavailableException} (503, nothing
 * forwarded), but with its own code {@value #CODE} in the answer, the log line and the metrics,
 * because the fix differs: the service answers, and the gateway must be upgraded (or the policy
 * must stop sending the obligation), not the link repaired. The authz-service's own code for an
 * obligation its policy returns and it does not know is {@code obligation_unknown}, a deny.
 */
public final class ObligationNotUnderstoodException extends AuthzUnavailableException {

    private static final long serialVersionUID = 1L;

    /** The reason code, in the error body, the log line and {@code authz_decisions_total{decision}}. */
    public static final String CODE = "obligation_not_understood";

    private final String decisionId;

    /**
     * @param decisionId the decision's id
     * @param message what was not understood, such as the unknown field numbers
     */
    public ObligationNotUnderstoodException(String decisionId, String message) {
        super(message, null);
        this.decisionId = Objects.requireNonNull(decisionId, "decisionId");
    }

    /** The id of the decision in the authz decision log, whose result shows the obligations. */
    public String decisionId() {
        return decisionId;
    }
}
