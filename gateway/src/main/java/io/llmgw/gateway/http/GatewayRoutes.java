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

/**
 * The gateway's HTTP surface; production and tests build it through here. Every endpoint is
 * served under {@code /v1} and, as LiteLLM does, without it.
 */
public final class GatewayRoutes {

    private GatewayRoutes() {}

    /** Registers the OpenAI-compatible endpoints and the error mapping on {@code routing}. */
    public static void register(HttpRouting.Builder routing, Gateway gateway) {
        var errors = new ErrorMapper(gateway.metrics());
        var authenticator = new Authenticator(gateway.keys());
        var relay = new Relay(errors);
        var admission = new AdmissionControl(gateway.admission(), gateway.metrics());
        var models = new ModelsHandler(gateway, authenticator, admission);
        routing.addFilter(RequestMeta::filter);
        routing.error(Exception.class, errors::handle);
        for (String prefix : new String[] {"/v1", ""}) {
            routing.get(prefix + "/models", models::list);
            routing.get(prefix + "/models/{+model}", models::retrieve);
            for (Endpoint endpoint : Endpoint.values()) {
                routing.post(prefix + endpoint.path(), new ModelCallHandler(endpoint, gateway, authenticator, relay, admission));
                routing.any(prefix + endpoint.path(), methodNotAllowed("POST"));
            }
            routing.any(prefix + "/models", methodNotAllowed("GET"));
            routing.any(prefix + "/models/{+model}", methodNotAllowed("GET"));
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

    private static Handler methodNotAllowed(String allowed) {
        return (req, res) -> {
            res.header(HeaderNames.ALLOW, allowed);
            throw new ApiException(OpenAiError.methodNotAllowed(req.prologue().method().text(), req.path().path(),
                    allowed));
        };
    }
}
