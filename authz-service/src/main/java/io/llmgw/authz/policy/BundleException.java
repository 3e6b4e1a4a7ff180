package io.llmgw.authz.policy;

/** A policy bundle that cannot be used; the message names what is wrong with it. */
public class BundleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Stable error code used in logs and metrics. */
    public static final String CODE = "bundle_invalid";

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
