package io.llmgw.gateway.authz;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Facts about the HTTP request behind a check, for policies and the decision log.
 *
 * @param requestId the gateway's request id, also returned to the client as {@code x-request-id}
 * @param receivedAt when the gateway received the request
 * @param clientAddress the client's address as the gateway saw it; empty when unknown
 * @param params the call's generation parameters, normalized; empty for a request without a
 *     model-call body (a listing, a model lookup)
 * @param headers the client headers the configuration lets the policy see, lower-case names
 */
public record RequestInfo(String requestId, Instant receivedAt, String clientAddress, Optional<RequestParams> params,
        Map<String, String> headers) {

    public RequestInfo {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        clientAddress = Objects.requireNonNullElse(clientAddress, "");
        Objects.requireNonNull(params, "params");
        headers = Map.copyOf(headers);
    }

    /** Facts about a request without a model-call body or allow-listed headers. */
    public RequestInfo(String requestId, Instant receivedAt, String clientAddress) {
        this(requestId, receivedAt, clientAddress, Optional.empty(), Map.of());
    }

    /** The same request with these allow-listed client headers. */
    public RequestInfo withHeaders(Map<String, String> allowedHeaders) {
        return new RequestInfo(requestId, receivedAt, clientAddress, params, allowedHeaders);
    }

    /** The same request with the call's parameters. */
    public RequestInfo withParams(RequestParams callParams) {
        return new RequestInfo(requestId, receivedAt, clientAddress, Optional.of(callParams), headers);
    }
}
