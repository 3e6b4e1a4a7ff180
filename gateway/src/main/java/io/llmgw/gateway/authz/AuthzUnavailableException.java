package io.llmgw.gateway.authz;

/**
 * No usable decision could be had (service down, deadline exceeded, malformed answer). The
 * gateway fails closed on it: nothing is forwarded.
 */
public class AuthzUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AuthzUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
