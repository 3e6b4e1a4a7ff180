package io.llmgw.authz.tools;

/** A failure the user can act on; the command prints the message (no stack trace) and exits with 2. */
final class ToolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ToolException(String message) {
        super(message);
    }
}
