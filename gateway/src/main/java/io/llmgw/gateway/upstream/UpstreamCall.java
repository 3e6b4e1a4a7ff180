package io.llmgw.gateway.upstream;

import io.llmgw.gateway.models.Deployment;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One call to forward.
 *
 * @param endpoint the API operation
 * @param deployment where to send it
 * @param body the request body, its {@code model} already the resolved upstream name
 * @param stream whether a stream of server-sent events is asked for
 * @param timeout time allowed for the answer (for a stream: until it starts)
 * @param headers headers added to the upstream request, by lower-case name: client headers the
 *     route passes through (such as {@code anthropic-version}) and the policy's
 *     {@code upstream_headers} (checked against {@code gateway.policy.upstream-headers}); never
 *     credentials
 */
public record UpstreamCall(Endpoint endpoint, Deployment deployment, ForwardedBody body, boolean stream,
        Duration timeout, Map<String, String> headers) {

    public UpstreamCall {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timeout, "timeout");
        headers = Map.copyOf(headers);
    }

    /** A call that passes no client header through. */
    public UpstreamCall(Endpoint endpoint, Deployment deployment, ForwardedBody body, boolean stream,
            Duration timeout) {
        this(endpoint, deployment, body, stream, timeout, Map.of());
    }

    /** The upstream model name the body carries. */
    public String model() {
        return body.model();
    }
}
