package io.llmgw.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmgw.gateway.authz.AccessDecision;
import io.llmgw.gateway.authz.AuthzClient;
import io.llmgw.gateway.authz.AuthzUnavailableException;
import io.llmgw.gateway.keys.KeyRecord;
import io.llmgw.gateway.keys.KeyRegistry;
import io.llmgw.gateway.models.ModelCatalog;
import io.llmgw.gateway.models.ModelResolution;
import io.llmgw.gateway.upstream.MockProvider;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /v1/chat/completions}: authenticate, resolve the model, ask the authz-service,
 * and forward only on an allow. Any failure to get a decision answers 503; never fails open.
 */
final class ChatCompletionsHandler implements Handler {

    private static final Logger LOG = Logger.getLogger(ChatCompletionsHandler.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BEARER = "Bearer ";

    private final KeyRegistry keys;
    private final ModelCatalog models;
    private final AuthzClient authz;
    private final MockProvider upstream;

    ChatCompletionsHandler(KeyRegistry keys, ModelCatalog models, AuthzClient authz, MockProvider upstream) {
        this.keys = keys;
        this.models = models;
        this.authz = authz;
        this.upstream = upstream;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Optional<KeyRecord> key = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(h -> h.startsWith(BEARER))
                .flatMap(h -> keys.authenticate(h.substring(BEARER.length()).trim()));
        if (key.isEmpty()) {
            OpenAiError.invalidApiKey("Missing or invalid API key: send 'Authorization: Bearer <key>'.").send(res);
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(req.content().as(byte[].class));
        } catch (java.io.IOException | RuntimeException e) {
            OpenAiError.invalidRequest(null, "The request body is not valid JSON.").send(res);
            return;
        }
        if (body == null || !body.isObject() || !body.path("model").isTextual() || body.get("model").asText().isEmpty()) {
            OpenAiError.invalidRequest("model", "'model' is required and must be a non-empty string.").send(res);
            return;
        }
        String requested = body.get("model").asText();
        Optional<ModelResolution> model = models.resolve(requested);
        if (model.isEmpty()) {
            OpenAiError.modelNotFound(requested).send(res);
            return;
        }
        boolean stream = body.path("stream").asBoolean(false);
        AccessDecision decision;
        try {
            decision = authz.check(key.get(), model.get(), "chat.completions", req.path().path(), stream);
        } catch (AuthzUnavailableException e) {
            LOG.log(Level.WARNING, "authz_unavailable: " + e.getMessage());
            OpenAiError.authzUnavailable().send(res);
            return;
        }
        switch (decision) {
            case AccessDecision.Denied denied -> OpenAiError.denied(denied.httpStatus(), denied.code(), denied.message())
                    .send(res);
            case AccessDecision.Allowed allowed -> {
                ObjectNode completion = upstream.chatCompletion(model.get().resolved());
                // Clients see the name they asked for, not the upstream one.
                completion.put("model", requested);
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                res.send(completion.toString());
            }
        }
    }
}
