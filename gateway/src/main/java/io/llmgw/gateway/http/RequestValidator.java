package io.llmgw.gateway.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgw.gateway.params.InvalidParamException;
import io.llmgw.gateway.params.ParamsScanner;
import io.llmgw.gateway.upstream.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks what the gateway relies on before anything is asked or forwarded: the required
 * fields of each endpoint and the types of the common optional ones. Anything else is left
 * for the upstream to judge. The body is read with Jackson's streaming parser, once, without
 * building a tree: a string of megabytes is stepped over, not copied; what is kept is the
 * model name and where its value lies in the bytes, so that it can be replaced on the way out,
 * and the generation parameters the policy sees ({@link ParamsScanner}).
 */
final class RequestValidator {

    private static final Set<JsonToken> INTEGER = Set.of(JsonToken.VALUE_NUMBER_INT);
    private static final Set<JsonToken> NUMBER = Set.of(JsonToken.VALUE_NUMBER_INT, JsonToken.VALUE_NUMBER_FLOAT);
    private static final Set<JsonToken> BOOLEAN = Set.of(JsonToken.VALUE_TRUE, JsonToken.VALUE_FALSE);
    private static final Set<JsonToken> STRING = Set.of(JsonToken.VALUE_STRING);
    private static final Set<JsonToken> STRING_OR_ARRAY = Set.of(JsonToken.VALUE_STRING, JsonToken.START_ARRAY);

    private static final Map<String, Typed> OPTIONAL = Map.ofEntries(
            Map.entry("stream", new Typed(BOOLEAN, "a boolean")),
            Map.entry("stream_options", new Typed(Set.of(JsonToken.START_OBJECT), "an object")),
            Map.entry("max_tokens", new Typed(INTEGER, "an integer")),
            Map.entry("max_completion_tokens", new Typed(INTEGER, "an integer")),
            Map.entry("n", new Typed(INTEGER, "an integer")),
            Map.entry("dimensions", new Typed(INTEGER, "an integer")),
            Map.entry("temperature", new Typed(NUMBER, "a number")),
            Map.entry("top_p", new Typed(NUMBER, "a number")),
            Map.entry("presence_penalty", new Typed(NUMBER, "a number")),
            Map.entry("frequency_penalty", new Typed(NUMBER, "a number")),
            Map.entry("stop", new Typed(STRING_OR_ARRAY, "a string or an array")),
            Map.entry("user", new Typed(STRING, "a string")),
            Map.entry("max_output_tokens", new Typed(INTEGER, "an integer")),
            Map.entry("instructions", new Typed(STRING, "a string")),
            Map.entry("top_k", new Typed(INTEGER, "an integer")),
            Map.entry("stop_sequences", new Typed(Set.of(JsonToken.START_ARRAY), "an array")),
            Map.entry("system", new Typed(STRING_OR_ARRAY, "a string or an array")));

    /** Responses API fields that point at state the upstream stored for some key. */
    private static final List<String> STORED_STATE = List.of("previous_response_id", "conversation");

    /**
     * Longest model name accepted. Real names are far shorter; a longer one is refused here
     * rather than sent to the authz-service, whose request limits would fail the check (503).
     */
    static final int MAX_MODEL_CHARS = 512;

    private record Typed(Set<JsonToken> tokens, String description) {}

    /** What one pass over the body found; checked in a fixed order afterwards, as a tree would be. */
    private static final class Scan {
        final Map<String, JsonToken> topLevel = new HashMap<>();
        String model;
        int modelStart;
        int modelEnd;
        /** Null when fine, else why {@code messages} is not a list of objects with a string role. */
        String messagesProblem = "missing";
        /** Whether the array value of {@code prompt} or {@code input} is empty. */
        final Map<String, Boolean> emptyArray = new HashMap<>();
        final ParamsScanner params = new ParamsScanner();
    }

    private RequestValidator() {}

    /**
     * Validates a body for {@code endpoint}.
     *
     * @return the model, the stream flag, where the model's value lies in the body and the
     *     call's parameters
     * @throws ApiException 400 in OpenAI's shape naming what is wrong
     */
    static ModelCallBody validate(Endpoint endpoint, JsonBodies.Held body) {
        return validate(endpoint, body, null);
    }

    /**
     * Validates a body for {@code endpoint} on a route whose model is {@code pathModel}, the
     * deployment in its path (Azure's routes). A {@code model} in the body is not read: it is
     * replaced by {@code pathModel} on the way out (inserted when there is none), so the model
     * checked is the model called. It must be a string when present, so that the body sent has
     * exactly one {@code model}.
     *
     * @throws ApiException 400 in OpenAI's shape naming what is wrong
     */
    static ModelCallBody validateForPathModel(Endpoint endpoint, JsonBodies.Held body, String pathModel) {
        return validate(endpoint, body, pathModel);
    }

    private static ModelCallBody validate(Endpoint endpoint, JsonBodies.Held body, String pathModel) {
        Scan scan;
        try (JsonParser parser = JsonBodies.JSON.getFactory().createParser(body.bytes(), 0, body.length())) {
            scan = scan(parser);
        } catch (InvalidParamException e) {
            throw invalid(e.param(), e.getMessage());
        } catch (JsonProcessingException e) {
            throw new ApiException(OpenAiError.invalidRequest(null,
                    "The request body is not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String model = pathModel == null ? scan.model : pathModel;
        boolean insert = pathModel != null && scan.model == null;
        if (pathModel != null && scan.topLevel.containsKey("model") && scan.model == null) {
            throw invalid("model", "'model' in the body must be a string when given; this route takes the"
                    + " deployment from its path.");
        }
        if (model == null || model.isBlank()) {
            throw invalid("model", "'model' is required and must be a non-empty string.");
        }
        if (model.length() > MAX_MODEL_CHARS) {
            throw invalid("model", "'model' must be at most " + MAX_MODEL_CHARS + " characters.");
        }
        if ((insert ? scan.params.layout().objectStart() : scan.modelStart) < 0) {
            throw new ApiException(OpenAiError.invalidRequest(null, "The request body must be JSON in UTF-8, 16 or 32."));
        }
        OPTIONAL.forEach((name, typed) -> {
            JsonToken value = scan.topLevel.get(name);
            if (value != null && value != JsonToken.VALUE_NULL && !typed.tokens().contains(value)) {
                throw invalid(name, "'" + name + "' must be " + typed.description() + ".");
            }
        });
        boolean stream = scan.topLevel.get("stream") == JsonToken.VALUE_TRUE;
        if (stream && !endpoint.streamable()) {
            throw invalid("stream", "Streaming is not supported for " + endpoint.operation() + ".");
        }
        switch (endpoint) {
            case CHAT_COMPLETIONS, MESSAGES_COUNT_TOKENS -> requireMessages(scan);
            case MESSAGES -> {
                requireMessages(scan);
                if (scan.topLevel.get("max_tokens") != JsonToken.VALUE_NUMBER_INT) {
                    throw invalid("max_tokens", "'max_tokens' is required and must be an integer.");
                }
            }
            case COMPLETIONS -> requireStringOrArray(scan, "prompt");
            case EMBEDDINGS -> requireStringOrArray(scan, "input");
            case RESPONSES -> {
                JsonToken input = scan.topLevel.get("input");
                if (input != null && !STRING_OR_ARRAY.contains(input)) {
                    throw invalid("input", "'input' must be a string or an array.");
                }
                for (String stored : STORED_STATE) {
                    if (scan.topLevel.containsKey(stored) && scan.topLevel.get(stored) != JsonToken.VALUE_NULL) {
                        // The upstream would continue whatever it stored under that id, for whichever
                        // key created it; the gateway keeps no record of owners, so it cannot check.
                        throw invalid(stored, "'" + stored + "' is not supported by this gateway: it cannot keep"
                                + " stored responses to the key that created them. Send the whole conversation"
                                + " in 'input'.");
                    }
                }
            }
        }
        var params = scan.params.params(stream, body.length());
        var layout = scan.params.layout();
        if (insert) {
            // Just past the object's opening brace.
            int at = layout.objectStart() + 1;
            return new ModelCallBody(body, model, stream, at, at, params, layout, true);
        }
        return new ModelCallBody(body, model, stream, scan.modelStart, scan.modelEnd, params, layout);
    }

    private static Scan scan(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new ApiException(OpenAiError.invalidRequest(null, "The request body must be a JSON object."));
        }
        Scan scan = new Scan();
        scan.params.objectStart(parser);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (scan.topLevel.put(name, value) != null) {
                // Which of two values would the upstream take? Refuse rather than guess.
                throw invalid(name, "'" + name + "' appears more than once in the request body.");
            }
            switch (name) {
                case "model" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        scan.modelStart = (int) parser.currentTokenLocation().getByteOffset();
                        scan.model = parser.getText();
                        scan.modelEnd = (int) parser.currentLocation().getByteOffset();
                    }
                }
                case "messages" -> scan.messagesProblem = messagesProblem(parser, value, scan.params);
                case "prompt", "input" -> {
                    if (value == JsonToken.START_ARRAY) {
                        JsonToken first = parser.nextToken();
                        scan.emptyArray.put(name, first == JsonToken.END_ARRAY);
                        // Responses input items may carry image or audio parts; prompts and
                        // embedding inputs are strings or token arrays, stepped over.
                        for (JsonToken item = first; item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                            scan.params.inputItem(item, parser);
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> {
                    if (!scan.params.field(name, value, parser)) {
                        parser.skipChildren();
                    }
                }
            }
        }
        if (parser.nextToken() != null) {
            throw new ApiException(OpenAiError.invalidRequest(null,
                    "The request body is not valid JSON: trailing content after the object."));
        }
        return scan;
    }

    /**
     * Null when {@code messages} is a non-empty array of objects with a string role. The kinds
     * of content parts (images, audio) go to {@code params}; their content is stepped over.
     */
    private static String messagesProblem(JsonParser parser, JsonToken value, ParamsScanner params)
            throws IOException {
        if (value != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return "missing";
        }
        String problem = "missing";
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            if ("missing".equals(problem)) {
                problem = null;
            }
            if (element != JsonToken.START_OBJECT) {
                parser.skipChildren();
                problem = "bad-message";
                continue;
            }
            boolean role = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken v = parser.nextToken();
                if ("role".equals(field)) {
                    role = v == JsonToken.VALUE_STRING;
                }
                if ("content".equals(field) && v == JsonToken.START_ARRAY) {
                    for (JsonToken part = parser.nextToken(); part != JsonToken.END_ARRAY; part = parser.nextToken()) {
                        params.contentPart(part, parser);
                    }
                    continue;
                }
                parser.skipChildren();
            }
            if (!role) {
                problem = "bad-message";
            }
        }
        return problem;
    }

    private static void requireMessages(Scan scan) {
        if (scan.messagesProblem != null) {
            throw invalid("messages", "bad-message".equals(scan.messagesProblem)
                    ? "Each message must be an object with a string 'role'."
                    : "'messages' is required and must be a non-empty array.");
        }
    }

    private static void requireStringOrArray(Scan scan, String field) {
        JsonToken value = scan.topLevel.get(field);
        if (value == null || !STRING_OR_ARRAY.contains(value) || Boolean.TRUE.equals(scan.emptyArray.get(field))) {
            throw invalid(field, "'" + field + "' is required and must be a string or a non-empty array.");
        }
    }

    private static ApiException invalid(String param, String message) {
        return new ApiException(OpenAiError.invalidRequest(param, message));
    }
}
