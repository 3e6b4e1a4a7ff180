package io.llmgw.gateway.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.llmgw.gateway.authz.RequestInfo;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id and arrival time of every request, set by a routing filter. The id is the
 * client's {@code x-request-id} when it is a sane token, else a new UUID; it is echoed in the
 * response, written in the gateway's log lines and sent to the authz decision log.
 *
 * @param id the request id
 * @param receivedAt when the request arrived
 */
record RequestMeta(String id, Instant receivedAt) {

    static final HeaderName REQUEST_ID = HeaderNames.create("x-request-id");
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    static void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String id = req.headers().first(REQUEST_ID).filter(h -> SANE_ID.matcher(h).matches())
                .orElseGet(() -> UUID.randomUUID().toString());
        req.context().register(new RequestMeta(id, Instant.now()));
        res.header(REQUEST_ID, id);
        chain.proceed();
    }

    static RequestMeta of(ServerRequest req) {
        return req.context().get(RequestMeta.class).orElseGet(() -> new RequestMeta("-", Instant.now()));
    }

    /** What the authz-service is told about {@code req}. */
    static RequestInfo info(ServerRequest req) {
        RequestMeta meta = of(req);
        return new RequestInfo(meta.id(), meta.receivedAt(), req.remotePeer().host());
    }
}
