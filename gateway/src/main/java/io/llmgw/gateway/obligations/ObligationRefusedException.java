package io.llmgw.gateway.obligations;

/**
 * An allow whose obligations this gateway cannot honour (a deployment it does not have, a
 * header its configuration does not allow): no usable decision, so the call is refused with
 * {@value #CODE}. The message names the offending obligation path. Expected, so no stack trace.
 */
public final class ObligationRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The reason code, the same the authz-service uses for a malformed policy result. */
    public static final String CODE = "policy_result_invalid";

    ObligationRefusedException(String path, String why) {
        super(path + ": " + why, null, false, false);
    }
}
