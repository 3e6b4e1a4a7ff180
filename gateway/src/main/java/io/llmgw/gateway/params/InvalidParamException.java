package io.llmgw.gateway.params;

import java.util.Objects;

/**
 * A parameter of a shape the gateway cannot read, so the policy would decide on a half-read
 * request: answered 400 naming {@link #param()}, with {@link #getMessage()} as the message the
 * client sees. Expected, so no stack trace.
 */
public final class InvalidParamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String param;

    InvalidParamException(String param, String message) {
        super(message, null, false, false);
        this.param = Objects.requireNonNull(param, "param");
    }

    /** The parameter at fault (a top-level field, or a path into one such as {@code tools[0].name}). */
    public String param() {
        return param;
    }
}
