package io.llmgw.gateway.upstream;

import java.util.Objects;

/**
 * An upstream gave no usable answer: it timed out, could not be reached, sent more than the
 * gateway reads, fell silent mid-stream, or cannot be called at all. Thrown by {@link Provider#send} and, once a
 * stream has begun, by {@link EventStream#next}.
 */
public class UpstreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why there is no answer. */
    public enum Kind {
        /** No answer within the timeout: 504 for the client. */
        TIMEOUT,
        /** No connection, or it broke: 502 for the client. */
        UNREACHABLE,
        /** A body or stream event larger than the gateway's limit: 502 for the client. */
        TOO_LARGE,
        /** A stream that sent nothing for longer than the idle timeout: 504 for the client. */
        STALLED,
        /** A deployment the gateway cannot call, such as one needing cloud request signing: 501. */
        UNSUPPORTED
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
