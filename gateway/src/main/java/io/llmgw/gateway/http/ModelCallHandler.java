package io.llmgw.gateway.http;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmgw.gateway.authz.Operation;
import io.llmgw.gateway.keys.Principal;
import io.llmgw.gateway.logging.LogText;
import io.llmgw.gateway.upstream.Endpoint;
import io.llmgw.gateway.upstream.UpstreamCall;
import io.llmgw.gateway.upstream.UpstreamReply;
import java.util.logging.Logger;

/**
 * {@code POST /v1/chat/completions}, {@code /v1/completions} and {@code /v1/embeddings}:
 * authenticate, validate, then through {@link ModelCallAttempts} resolve the model (choosing the
 * deployment), ask the authz-service, and forward only on an allow, with the resolved model name,
 * retrying and falling back as the catalog says, each deployment checked before it is called.
 * The client sees the name it asked for (or the fallback's that answered). Any failure to get a
 * decision ends in 503 through {@link ErrorMapper}: this handler never forwards without an allow.
 */
final class ModelCallHandler implements Handler {

    private static final Logger LOG = Logger.getLogger(ModelCallHandler.class.getName());

    private final Endpoint endpoint;
    private final Gateway gateway;
    private final Authenticator authenticator;
    private final Relay relay;
    private final ModelCallAttempts attempts;
    private final AdmissionControl admission;

    ModelCallHandler(Endpoint endpoint, Gateway gateway, Authenticator authenticator, Relay relay,
            AdmissionControl admission) {
        this.endpoint = endpoint;
        this.admission = admission;
        this.gateway = gateway;
        this.authenticator = authenticator;
        this.relay = relay;
        this.attempts = new ModelCallAttempts(gateway);
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        // A place in flight first, held until the answer (or the stream) ends; then the body,
        // within the memory all bodies together may hold.
        try (var place = admission.enter(res)) {
            Principal principal = authenticator.authenticate(req);
            try (var held = JsonBodies.read(req, res, gateway.http().maxBodyBytes(), admission)) {
                handle(req, res, principal, RequestValidator.validate(endpoint, held));
            }
        }
    }

    private void handle(ServerRequest req, ServerResponse res, Principal principal, ModelCallBody body) {
        boolean stream = body.stream();
        var operation = new Operation(endpoint.operation(), "POST", req.path().path(), stream);
        var outcome = attempts.run(principal, body.model(), operation, req, model -> {
            LOG.fine(() -> "calling request_id=" + RequestMeta.of(req).id() + " key_id=" + principal.keyId()
                    + " model=" + LogText.quote(model.requested()) + " resolved=" + LogText.quote(model.resolved())
                    + " deployment=" + model.deployment().id());
            var call = new UpstreamCall(endpoint, model.deployment(), body.forwarded(model.resolved()), stream,
                    gateway.providers().timeout(model.deployment()));
            return gateway.providers().forDeployment(model.deployment()).send(call);
        });
        switch (outcome.reply()) {
            case UpstreamReply.Complete complete -> relay.complete(res, complete, outcome.model());
            case UpstreamReply.Streaming streaming -> relay.stream(res, streaming.events(), outcome.model());
        }
    }
}
