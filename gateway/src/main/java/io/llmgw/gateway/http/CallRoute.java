package io.llmgw.gateway.http;

import io.helidon.webserver.http.ServerRequest;
import io.llmgw.gateway.upstream.Endpoint;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One route that can reach an upstream, as {@link ModelCallGate} serves it: everything that
 * differs between such routes is here, and everything they share (admission, authentication,
 * resolution, the check, forwarding) is the gate's. A route is registered only through
 * {@link ModelCallGate#handler}, so none can skip a step.
 *
 * @param paths the paths it is served at, such as {@code /v1/responses} and {@code /responses}
 * @param endpoint the upstream operation it forwards to
 * @param operation the operation the policy sees ({@code input.operation.endpoint}), such as
 *     {@code responses.create}
 * @param api the client API: where its key may be, the shape of its errors
 * @param reader validates the body and reads the model from the route's one place for it
 * @param passedHeaders client headers forwarded as they are (lower-case names), such as
 *     {@code anthropic-version}; never credentials
 */
record CallRoute(List<String> paths, Endpoint endpoint, String operation, ClientApi api, CallReader reader,
        List<String> passedHeaders) {

    /** Anthropic's headers a Messages upstream needs to read the request as the client meant it. */
    private static final List<String> ANTHROPIC_HEADERS = List.of("anthropic-version", "anthropic-beta");

    CallRoute {
        paths = List.copyOf(paths);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("a route needs a path");
        }
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(reader, "reader");
        passedHeaders = List.copyOf(passedHeaders);
        for (String header : passedHeaders) {
            if (!header.equals(header.toLowerCase(Locale.ROOT)) || header.equals("authorization")
                    || header.contains("api-key")) {
                throw new IllegalArgumentException("not a header to pass through: " + header);
            }
        }
    }

    /**
     * An OpenAI route at the endpoint's own path under {@code /v1} and, as LiteLLM serves them,
     * without it; the model read from the body's {@code model}.
     */
    static CallRoute openAi(Endpoint endpoint) {
        return new CallRoute(versioned(endpoint), endpoint, endpoint.operation(), ClientApi.OPENAI,
                CallReader.bodyModel(endpoint), List.of());
    }

    /** An Anthropic route at the endpoint's own path, as {@link #openAi}, passing Anthropic's headers on. */
    static CallRoute anthropic(Endpoint endpoint) {
        return new CallRoute(versioned(endpoint), endpoint, endpoint.operation(), ClientApi.ANTHROPIC,
                CallReader.bodyModel(endpoint), ANTHROPIC_HEADERS);
    }

    /**
     * An Azure OpenAI route, {@code /openai/deployments/{deployment}} and the endpoint's path, as
     * {@code AzureOpenAI} clients call it: the model read from the path's deployment only, the
     * policy seeing the same operation as on the OpenAI route ({@link AzureRequests}).
     */
    static CallRoute azure(Endpoint endpoint) {
        String path = "/openai/deployments/{+" + AzureRequests.DEPLOYMENT + "}" + endpoint.path();
        return new CallRoute(List.of(path), endpoint, endpoint.operation(), ClientApi.OPENAI,
                (req, body) -> RequestValidator.validateForPathModel(endpoint, body, AzureRequests.deployment(req)),
                List.of());
    }

    private static List<String> versioned(Endpoint endpoint) {
        return List.of("/v1" + endpoint.path(), endpoint.path());
    }

    /**
     * Reads a route's request body: validates it and finds the model, in the one place the route
     * takes it from (the body's {@code model}, or a path parameter). Nothing else of the
     * request, such as a query parameter or a header, may name the model.
     */
    @FunctionalInterface
    interface CallReader {

        /**
         * @throws ApiException 400 naming what is wrong with the request
         */
        ModelCallBody read(ServerRequest req, JsonBodies.Held body);

        /** The body's top-level {@code model}, with the endpoint's checks of the body. */
        static CallReader bodyModel(Endpoint endpoint) {
            return (req, body) -> RequestValidator.validate(endpoint, body);
        }
    }
}
