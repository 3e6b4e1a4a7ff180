package io.llmgw.gateway.upstream;

import java.util.Objects;

/** What an upstream answered: a whole body, or a stream of server-sent events. */
public sealed interface UpstreamReply permits UpstreamReply.Complete, UpstreamReply.Streaming {

    /**
     * A whole answer, success or error.
     *
     * @param status HTTP status of the upstream
     * @param body response body
     * @param contentType the upstream's content type
     */
    record Complete(int status, byte[] body, String contentType) implements UpstreamReply {
        public Complete {
            Objects.requireNonNull(body, "body");
            contentType = Objects.requireNonNullElse(contentType, "application/json");
        }
    }

    /** A successful stream; its events are read one by one and it must be closed. */
    record Streaming(EventStream events) implements UpstreamReply {
        public Streaming {
            Objects.requireNonNull(events, "events");
        }
    }
}
