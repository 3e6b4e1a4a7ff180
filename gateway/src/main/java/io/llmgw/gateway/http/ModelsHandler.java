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
 * A client that sends {@code anthropic-version} gets both, and its errors, in Anthropic's shape
 * and may send its key as {@code x-api-key}; any other client gets OpenAI's.
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
        ClientApi api = ClientApi.of(req);
        Principal principal = authenticator.authenticate(req, api);
        List<ModelResolution> candidates = gateway.models().listable();
        Set<String> allowed = new HashSet<>(gateway.authz().listAllowed(principal, candidates,
                new Operation("models.list", "GET", req.path().path(), false), RequestMeta.info(req)));
        // Catalog order, and only names the gateway offered: an answer naming anything else is ignored.
        List<String> names = candidates.stream()
                .filter(c -> !c.hidden() && allowed.contains(c.requested()))
                .map(ModelResolution::requested)
                .toList();
        send(res, api == ClientApi.ANTHROPIC ? anthropicList(names) : openAiList(names));
    }

    private static ObjectNode openAiList(List<String> names) {
        ObjectNode list = JsonNodeFactory.instance.objectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        names.forEach(name -> data.add(model(name)));
        return list;
    }

    /** Anthropic's page of models: all of them on one page. */
    private static ObjectNode anthropicList(List<String> names) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        ArrayNode data = list.putArray("data");
        names.forEach(name -> data.add(anthropicModel(name)));
        list.put("has_more", false);
        if (names.isEmpty()) {
            list.putNull("first_id").putNull("last_id");
        } else {
            list.put("first_id", names.getFirst()).put("last_id", names.getLast());
        }
        return list;
    }

    private void retrieveAdmitted(ServerRequest req, ServerResponse res) {
        ClientApi api = ClientApi.of(req);
        Principal principal = authenticator.authenticate(req, api);
        String name = req.path().pathParameters().get("model");
        if (name.length() > RequestValidator.MAX_MODEL_CHARS) {
            // The limit of a call's model name: no model has a longer one, and the policy is not asked.
            throw new ApiException(OpenAiError.invalidRequest("model",
                    "'model' must be at most " + RequestValidator.MAX_MODEL_CHARS + " characters."));
        }
        // Asked as not hidden: the question is whether the key may call it, not whether to list it.
        ModelResolution candidate = gateway.models().lookup(name)
                .map(found -> found.withHidden(false))
                .orElseGet(() -> ModelResolution.unknown(name));
        access.require(principal, candidate, new Operation("models.retrieve", "GET", req.path().path(), false), req);
        send(res, api == ClientApi.ANTHROPIC ? anthropicModel(name) : model(name));
    }

    /** A model as Anthropic's API describes one; the gateway knows no creation date. */
    private static ObjectNode anthropicModel(String id) {
        return JsonNodeFactory.instance.objectNode().put("type", "model").put("id", id).put("display_name", id)
                .put("created_at", "1970-01-01T00:00:00Z");
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
