package io.llmgw.gateway.http;

import java.util.Objects;

/**
 * Ends a request with an {@link OpenAiError}. Expected, so it carries no stack trace.
 */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient OpenAiError error;

    ApiException(OpenAiError error) {
        super(error.code() + ": " + error.message(), null, false, false);
        this.error = Objects.requireNonNull(error, "error");
    }

    OpenAiError error() {
        return error;
    }
}
