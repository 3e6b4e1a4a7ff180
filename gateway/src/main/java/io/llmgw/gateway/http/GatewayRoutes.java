package io.llmgw.gateway.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.llmgw.gateway.upstream.Endpoint;
import java.util.List;

/**
 * The gateway's HTTP surface; production and tests build it through here. Every endpoint is
 * served under {@code /v1} and, as LiteLLM does, without it. Every route that can reach an
 * upstream is a {@link CallRoute} served by the {@link ModelCallGate}; nothing else here calls
 * a provider.
 */
public final class GatewayRoutes {

    private static final String[] PREFIXES = {"/v1", ""};

    private GatewayRoutes() {}

    /**
     * Every route that can reach an upstream. A new one is added here, so that it is served by
     * the {@link ModelCallGate}; the route test fails for a route that reaches an upstream any
     * other way.
     */
    private static final List<CallRoute> CALL_ROUTES = List.of(
            CallRoute.openAi(Endpoint.CHAT_COMPLETIONS),
            CallRoute.openAi(Endpoint.COMPLETIONS),
            CallRoute.openAi(Endpoint.EMBEDDINGS),
            CallRoute.openAi(Endpoint.RESPONSES),
            CallRoute.anthropic(Endpoint.MESSAGES),
            CallRoute.anthropic(Endpoint.MESSAGES_COUNT_TOKENS),
            // Chat before completions: ".../chat/completions" also ends in "/completions".
            CallRoute.azure(Endpoint.CHAT_COMPLETIONS),
            CallRoute.azure(Endpoint.COMPLETIONS),
            CallRoute.azure(Endpoint.EMBEDDINGS));

    /** The routes that can reach an upstream, as registered. */
    static List<CallRoute> callRoutes() {
        return CALL_ROUTES;
    }

    /** Registers the gateway's endpoints and the error mapping on {@code routing}. */
    public static void register(HttpRouting.Builder routing, Gateway gateway) {
        var errors = new ErrorMapper(gateway.metrics());
        var authenticator = new Authenticator(gateway.keys());
        var admission = new AdmissionControl(gateway.admission(), gateway.metrics());
        var gate = new ModelCallGate(gateway, authenticator, new Relay(errors), admission);
        var models = new ModelsHandler(gateway, authenticator, admission);
        routing.addFilter(RequestMeta::filter);
        routing.error(Exception.class, errors::handle);
        for (CallRoute route : CALL_ROUTES) {
            for (String path : route.paths()) {
                routing.post(path, gate.handler(route));
                routing.any(path, methodNotAllowed(route.api(), "POST"));
            }
        }
        for (String prefix : PREFIXES) {
            routing.get(prefix + "/models", models::list);
            routing.get(prefix + "/models/{+model}", models::retrieve);
            routing.any(prefix + "/models", methodNotAllowed(null, "GET"));
            routing.any(prefix + "/models/{+model}", methodNotAllowed(null, "GET"));
            // Stored responses would have to be kept to the key that created them, and the
            // gateway keeps no record of owners: refused, after the key, never forwarded.
            routing.any(prefix + "/responses/{+id}", (req, res) -> {
                authenticator.authenticate(req);
                throw new ApiException(OpenAiError.notSupported("Reading, cancelling or deleting a stored response",
                        "it cannot keep stored responses to the key that created them. Use 'store': false and send"
                                + " the whole conversation in 'input'."));
            });
        }
        routing.any("/v1/*", (req, res) -> {
            throw new ApiException(OpenAiError.notFound(req.path().path()));
        });
    }

    /**
     * Liveness, readiness (the authz connection) and Prometheus metrics under {@code /observe},
     * the built-in mock's call count among them.
     */
    public static ObserveFeature observe(Gateway gateway) {
        gateway.metrics().watch(gateway.providers().mock());
        return ObserveFeature.just(
                HealthObserver.builder().details(true).addCheck(new AuthzReadiness(gateway.authz())).build(),
                MetricsObserver.create());
    }

    /** OpenAI-shaped answers to requests the HTTP layer refuses before routing. */
    public static DirectHandlers directHandlers(Gateway gateway) {
        var errors = new ProtocolErrors(gateway.metrics());
        var handlers = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            handlers.addHandler(type, errors);
        }
        return handlers.build();
    }

    /** 405 in the shape of {@code api} (null: as the client's headers say, see {@link ClientApi#of}). */
    private static Handler methodNotAllowed(ClientApi api, String allowed) {
        return (req, res) -> {
            if (api != null) {
                req.context().register(api);
            }
            res.header(HeaderNames.ALLOW, allowed);
            throw new ApiException(OpenAiError.methodNotAllowed(req.prologue().method().text(), req.path().path(),
                    allowed));
        };
    }
}
