package io.llmgw.gateway.authz;

import java.time.Instant;
import java.util.Objects;

/**
 * Facts about the HTTP request behind a check, for policies and the decision log.
 *
 * @param requestId the gateway's request id, also returned to the client as {@code x-request-id}
 * @param receivedAt when the gateway received the request
 * @param clientAddress the client's address as the gateway saw it; empty when unknown
 */
public record RequestInfo(String requestId, Instant receivedAt, String clientAddress) {

    public RequestInfo {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        clientAddress = Objects.requireNonNullElse(clientAddress, "");
    }
}
