package io.llmgw.gateway.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.llmgw.gateway.logging.LogText;
import java.util.logging.Logger;

/**
 * Answers requests that Helidon refuses before any route runs (a malformed request line,
 * header or chunk, a header too large, an unsupported protocol version) with the same
 * OpenAI-shaped error body as every other failure, instead of an empty one. The parser's
 * message is logged, never sent: it may quote the request.
 */
final class ProtocolErrors implements DirectHandler {

    private static final Logger LOG = Logger.getLogger(ProtocolErrors.class.getName());

    private final GatewayMetrics metrics;

    ProtocolErrors(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
            ServerResponseHeaders headers, String message) {
        OpenAiError error = OpenAiError.malformedHttp(status.code(), status.reasonPhrase());
        metrics.error(error);
        LOG.fine(() -> "malformed_http status=" + status.code() + " event=" + eventType + ": " + LogText.quote(message));
        headers.set(HeaderNames.CONTENT_TYPE, "application/json");
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(error.body().toString())
                .keepAlive(eventType.keepAlive())
                .build();
    }
}
