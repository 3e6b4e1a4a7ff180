package io.llmgw.gateway.upstream;

import java.util.Objects;

/** An upstream gave no answer: it timed out or could not be reached. */
public class UpstreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why there is no answer. */
    public enum Kind {
        /** No answer within the timeout: 504 for the client. */
        TIMEOUT,
        /** No connection, or it broke: 502 for the client. */
        UNREACHABLE
    }

    private final Kind kind;

    public UpstreamException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Why there is no answer. */
    public Kind kind() {
        return kind;
    }
}
