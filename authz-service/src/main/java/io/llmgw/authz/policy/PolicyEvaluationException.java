package io.llmgw.authz.policy;

/** The policy could not be evaluated at all (as opposed to evaluating to a deny). */
public class PolicyEvaluationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PolicyEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
