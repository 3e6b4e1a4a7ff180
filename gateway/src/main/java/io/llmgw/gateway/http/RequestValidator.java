package io.llmgw.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgw.gateway.upstream.Endpoint;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Checks what the gateway relies on before anything is asked or forwarded: the required
 * fields of each endpoint and the types of the common optional ones. Anything else is left
 * for the upstream to judge.
 */
final class RequestValidator {

    private static final Predicate<JsonNode> INTEGER = JsonNode::isIntegralNumber;
    private static final Predicate<JsonNode> NUMBER = JsonNode::isNumber;
    private static final Predicate<JsonNode> STRING_OR_ARRAY = n -> n.isTextual() || n.isArray();

    private static final Map<String, Typed> OPTIONAL = Map.ofEntries(
            Map.entry("stream", new Typed(JsonNode::isBoolean, "a boolean")),
            Map.entry("stream_options", new Typed(JsonNode::isObject, "an object")),
            Map.entry("max_tokens", new Typed(INTEGER, "an integer")),
            Map.entry("max_completion_tokens", new Typed(INTEGER, "an integer")),
            Map.entry("n", new Typed(INTEGER, "an integer")),
            Map.entry("dimensions", new Typed(INTEGER, "an integer")),
            Map.entry("temperature", new Typed(NUMBER, "a number")),
            Map.entry("top_p", new Typed(NUMBER, "a number")),
            Map.entry("presence_penalty", new Typed(NUMBER, "a number")),
            Map.entry("frequency_penalty", new Typed(NUMBER, "a number")),
            Map.entry("stop", new Typed(STRING_OR_ARRAY, "a string or an array")),
            Map.entry("user", new Typed(JsonNode::isTextual, "a string")));

    /**
     * Longest model name accepted. Real names are far shorter; a longer one is refused here
     * rather than sent to the authz-service, whose request limits would fail the check (503).
     */
    static final int MAX_MODEL_CHARS = 512;

    private record Typed(Predicate<JsonNode> test, String description) {}

    private RequestValidator() {}

    static void validate(Endpoint endpoint, ObjectNode body) {
        JsonNode model = body.path("model");
        if (!model.isTextual() || model.asText().isBlank()) {
            throw invalid("model", "'model' is required and must be a non-empty string.");
        }
        if (model.asText().length() > MAX_MODEL_CHARS) {
            throw invalid("model", "'model' must be at most " + MAX_MODEL_CHARS + " characters.");
        }
        OPTIONAL.forEach((name, typed) -> {
            JsonNode value = body.get(name);
            if (value != null && !value.isNull() && !typed.test().test(value)) {
                throw invalid(name, "'" + name + "' must be " + typed.description() + ".");
            }
        });
        if (body.path("stream").asBoolean(false) && !endpoint.streamable()) {
            throw invalid("stream", "Streaming is not supported for " + endpoint.operation() + ".");
        }
        switch (endpoint) {
            case CHAT_COMPLETIONS -> {
                JsonNode messages = body.path("messages");
                if (!messages.isArray() || messages.isEmpty()) {
                    throw invalid("messages", "'messages' is required and must be a non-empty array.");
                }
                for (JsonNode message : messages) {
                    if (!message.isObject() || !message.path("role").isTextual()) {
                        throw invalid("messages", "Each message must be an object with a string 'role'.");
                    }
                }
            }
            case COMPLETIONS -> requireStringOrArray(body, "prompt");
            case EMBEDDINGS -> requireStringOrArray(body, "input");
        }
    }

    private static void requireStringOrArray(ObjectNode body, String field) {
        JsonNode value = body.path(field);
        if (!STRING_OR_ARRAY.test(value) || (value.isArray() && value.isEmpty())) {
            throw invalid(field, "'" + field + "' is required and must be a string or a non-empty array.");
        }
    }

    private static ApiException invalid(String param, String message) {
        return new ApiException(OpenAiError.invalidRequest(param, message));
    }
}
