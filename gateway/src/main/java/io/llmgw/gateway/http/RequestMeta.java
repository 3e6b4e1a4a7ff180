package io.llmgw.gateway.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.llmgw.gateway.authz.RequestInfo;
import io.llmgw.gateway.authz.RequestParams;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
    /** Longest allow-listed header value sent to the policy (the authz-service's string limit). */
    static final int MAX_HEADER_CHARS = 4_096;
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

    /**
     * What the authz-service is told about {@code req}: its id, time and client address, and for
     * a model call the parameters and allow-listed headers {@link #describeCall} noted.
     */
    static RequestInfo info(ServerRequest req) {
        return req.context().get(RequestInfo.class).orElseGet(() -> {
            RequestMeta meta = of(req);
            return new RequestInfo(meta.id(), meta.receivedAt(), req.remotePeer().host());
        });
    }

    /**
     * Notes a model call's parameters and the client headers of {@code allowed} on {@code req},
     * so that every check made for it ({@link #info}) carries them.
     */
    static void describeCall(ServerRequest req, RequestParams params, Set<String> allowed) {
        req.context().register(info(req).withParams(params).withHeaders(allowedHeaders(req, allowed)));
    }

    /**
     * The client headers of {@code req} named in {@code allowed} (lower-case names), repeated
     * ones joined with ", ": all the policy ever sees of the headers.
     *
     * @throws ApiException 400 for a value the authz-service would refuse (over 4,096 characters)
     */
    static Map<String, String> allowedHeaders(ServerRequest req, Set<String> allowed) {
        Map<String, String> headers = new TreeMap<>();
        for (String name : allowed) {
            List<String> values = req.headers().all(HeaderNames.create(name), List::of);
            if (!values.isEmpty()) {
                String joined = String.join(", ", values);
                if (joined.length() > MAX_HEADER_CHARS) {
                    throw new ApiException(OpenAiError.invalidRequest(null,
                            "The " + name + " header must be at most " + MAX_HEADER_CHARS + " characters."));
                }
                headers.put(name, joined);
            }
        }
        return headers;
    }
}
