package io.llmgw.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmgw.gateway.authz.Operation;
import io.llmgw.gateway.keys.Principal;
import io.llmgw.gateway.models.ModelResolution;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{model}}. The listing is exactly what the
 * authz-service's one listing call allows, so a listed model is always callable; hidden names
 * are never listed. A single model is shown when the key may call it (hidden or not); otherwise
 * the answer is the policy's deny, the same whether the name exists or not ({@link ModelAccess}).
 */
final class ModelsHandler {

    /** What {@code owned_by} says: the gateway does not reveal which upstream serves a name. */
    private static final String OWNER = "llmgw";

    private final Gateway gateway;
    private final Authenticator authenticator;
    private final ModelAccess access;
    private final AdmissionControl admission;

    ModelsHandler(Gateway gateway, Authenticator authenticator, AdmissionControl admission) {
        this.gateway = gateway;
        this.admission = admission;
        this.authenticator = authenticator;
        this.access = new ModelAccess(gateway);
    }

    void list(ServerRequest req, ServerResponse res) {
        try (var place = admission.enter(res)) {
            listAdmitted(req, res);
        }
    }

    void retrieve(ServerRequest req, ServerResponse res) {
        try (var place = admission.enter(res)) {
            retrieveAdmitted(req, res);
        }
    }

    private void listAdmitted(ServerRequest req, ServerResponse res) {
        Principal principal = authenticator.authenticate(req);
        List<ModelResolution> candidates = gateway.models().listable();
        Set<String> allowed = new HashSet<>(gateway.authz().listAllowed(principal, candidates,
                new Operation("models.list", "GET", req.path().path(), false), RequestMeta.info(req)));
        ObjectNode list = JsonNodeFactory.instance.objectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        // Catalog order, and only names the gateway offered: an answer naming anything else is ignored.
        candidates.stream()
                .filter(c -> !c.hidden() && allowed.contains(c.requested()))
                .forEach(c -> data.add(model(c.requested())));
        send(res, list);
    }

    private void retrieveAdmitted(ServerRequest req, ServerResponse res) {
        Principal principal = authenticator.authenticate(req);
        String name = req.path().pathParameters().get("model");
        if (name.length() > RequestValidator.MAX_MODEL_CHARS) {
            // The limit of a call's model name: no model has a longer one, and the policy is not asked.
            throw new ApiException(OpenAiError.invalidRequest("model",
                    "'model' must be at most " + RequestValidator.MAX_MODEL_CHARS + " characters."));
        }
        // Asked as not hidden: the question is whether the key may call it, not whether to list it.
        ModelResolution candidate = gateway.models().lookup(name)
                .map(found -> new ModelResolution(found.requested(), found.resolved(), found.deployment(), false))
                .orElseGet(() -> ModelResolution.unknown(name));
        access.require(principal, candidate, new Operation("models.retrieve", "GET", req.path().path(), false), req);
        send(res, model(name));
    }

    private static ObjectNode model(String id) {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("object", "model").put("created", 0)
                .put("owned_by", OWNER);
    }

    private static void send(ServerResponse res, ObjectNode body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString());
    }
}
