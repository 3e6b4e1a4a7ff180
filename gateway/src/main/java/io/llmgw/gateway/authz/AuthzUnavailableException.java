package io.llmgw.gateway.authz;

/**
 * No usable answer could be had from the authz-service (down, deadline exceeded, malformed
 * answer). The gateway fails closed on it: 503 {@code authz_unavailable}, nothing forwarded.
 */
public class AuthzUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AuthzUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
