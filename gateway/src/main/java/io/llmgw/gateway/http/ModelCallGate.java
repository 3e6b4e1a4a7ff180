package io.llmgw.gateway.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmgw.gateway.authz.Operation;
import io.llmgw.gateway.keys.Principal;
import io.llmgw.gateway.logging.LogText;
import io.llmgw.gateway.upstream.UpstreamCall;
import io.llmgw.gateway.upstream.UpstreamReply;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The one code path of every request that can reach an upstream, whatever its client API:
 * a place in flight, the key (in the headers the route's API uses), the body read within its
 * limits, the model from the route's one place for it, then through {@link ModelCallAttempts}
 * resolution (choosing the deployment) and the access check of each deployment before it is
 * called, retries and fallbacks, each call with the resolved model name; then the answer in the
 * route's shape. The client sees the name it asked for (or the fallback's that answered). Any
 * failure to get a decision ends in 503 through {@link ErrorMapper}: nothing here forwards
 * without an allow, and the model checked is the model called.
 *
 * <p>Routes are registered with {@link #handler}; the route test enumerates every registered
 * route and fails when one that reaches an upstream is served by anything else.
 */
final class ModelCallGate {

    private static final Logger LOG = Logger.getLogger(ModelCallGate.class.getName());

    private final Gateway gateway;
    private final Authenticator authenticator;
    private final Relay relay;
    private final ModelCallAttempts attempts;
    private final AdmissionControl admission;

    ModelCallGate(Gateway gateway, Authenticator authenticator, Relay relay, AdmissionControl admission) {
        this.gateway = gateway;
        this.authenticator = authenticator;
        this.relay = relay;
        this.admission = admission;
        this.attempts = new ModelCallAttempts(gateway);
    }

    /** The handler of {@code route}: the only kind of handler that may reach an upstream. */
    Gated handler(CallRoute route) {
        return new Gated(route);
    }

    /** A route served by the gate. */
    final class Gated implements Handler {

        private final CallRoute route;

        private Gated(CallRoute route) {
            this.route = route;
        }

        /** The route this handler serves. */
        CallRoute route() {
            return route;
        }

        @Override
        public void handle(ServerRequest req, ServerResponse res) {
            // From here on, errors of this request are written in the route's API shape.
            req.context().register(route.api());
            // A place in flight first, held until the answer (or the stream) ends; then the body,
            // within the memory all bodies together may hold.
            try (var place = admission.enter(res)) {
                Principal principal = authenticator.authenticate(req, route.api());
                try (var held = JsonBodies.read(req, res, gateway.http().maxBodyBytes(), admission)) {
                    call(req, res, principal, route.reader().read(req, held));
                }
            }
        }

        private void call(ServerRequest req, ServerResponse res, Principal principal, ModelCallBody body) {
            var operation = new Operation(route.operation(), req.prologue().method().text(), req.path().path(),
                    body.stream());
            Map<String, String> headers = passedHeaders(req);
            // Resolution, the check of each deployment before it is called, retries and fallbacks.
            var outcome = attempts.run(principal, body.model(), operation, req, model -> {
                LOG.fine(() -> "calling request_id=" + RequestMeta.of(req).id() + " key_id=" + principal.keyId()
                        + " operation=" + route.operation() + " model=" + LogText.quote(model.requested())
                        + " resolved=" + LogText.quote(model.resolved()) + " deployment=" + model.deployment().id());
                var call = new UpstreamCall(route.endpoint(), model.deployment(), body.forwarded(model.resolved()),
                        body.stream(), gateway.providers().timeout(model.deployment()), headers);
                return gateway.providers().forDeployment(model.deployment()).send(call);
            });
            switch (outcome.reply()) {
                case UpstreamReply.Complete complete -> relay.complete(res, complete, outcome.model(), route.api());
                case UpstreamReply.Streaming streaming -> relay.stream(res, streaming.events(), outcome.model(), route);
            }
        }

        private Map<String, String> passedHeaders(ServerRequest req) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : route.passedHeaders()) {
                req.headers().first(HeaderNames.create(name)).ifPresent(v -> headers.put(name, v));
            }
            return headers;
        }
    }
}
