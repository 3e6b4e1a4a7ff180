package io.llmgw.gateway.upstream;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** What an upstream answered: a whole body, or a stream of server-sent events. */
public sealed interface UpstreamReply permits UpstreamReply.Complete, UpstreamReply.Streaming {

    /**
     * A whole answer, success or error.
     *
     * @param status HTTP status of the upstream
     * @param body response body
     * @param contentType the upstream's content type
     * @param retryAfter the upstream's {@code Retry-After} header when it is a plain number of
     *     seconds or an HTTP date, else empty (never a value that could split a header)
     */
    record Complete(int status, byte[] body, String contentType, Optional<String> retryAfter)
            implements UpstreamReply {

        /** Delay-seconds or an IMF-fixdate (RFC 9110, 10.2.3). */
        private static final Pattern RETRY_AFTER =
                Pattern.compile("\\d{1,9}|[A-Za-z]{3}, \\d{2} [A-Za-z]{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");

        public Complete {
            Objects.requireNonNull(body, "body");
            contentType = Objects.requireNonNullElse(contentType, "application/json");
            retryAfter = Objects.requireNonNullElse(retryAfter, Optional.<String>empty())
                    .map(String::strip).filter(value -> RETRY_AFTER.matcher(value).matches());
        }

        /** An answer without a {@code Retry-After}. */
        public Complete(int status, byte[] body, String contentType) {
            this(status, body, contentType, Optional.empty());
        }
    }

    /** A successful stream; its events are read one by one and it must be closed. */
    record Streaming(EventStream events) implements UpstreamReply {
        public Streaming {
            Objects.requireNonNull(events, "events");
        }
    }
}
