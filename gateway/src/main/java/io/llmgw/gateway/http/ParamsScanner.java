package io.llmgw.gateway.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgw.gateway.authz.RequestParams;
import io.llmgw.gateway.upstream.BodyLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the generation parameters of a model call during {@link RequestValidator}'s one
 * streaming pass over the body, the same way for every endpoint, into the
 * {@link RequestParams} the policy sees and the {@link BodyLayout} an obligation rewrites.
 * Only parameters are read: message and prompt text, tool schemas and response schemas are
 * stepped over, never kept (content parts are looked at for their {@code type} alone). A
 * parameter the gateway cannot read is refused with 400 naming it, so the policy never
 * decides on a half-read request.
 */
final class ParamsScanner {

    /** The body fields an output-token limit is given in, by endpoint. */
    static final Set<String> OUTPUT_LIMITS = Set.of("max_tokens", "max_completion_tokens", "max_output_tokens");

    /**
     * Most tools and longest names or values read (OpenAI allows 128 tools with names of 64
     * characters); past them the request is refused here rather than failing the check.
     */
    static final int MAX_TOOLS = 1_000;
    static final int MAX_TEXT = 256;

    private static final Set<String> TOOL_CHOICES = Set.of("none", "auto", "required");
    private static final Set<String> IMAGE_PARTS = Set.of("image_url", "input_image", "image");
    private static final Set<String> AUDIO_PARTS = Set.of("input_audio", "audio");

    private static final ObjectMapper TREES = new ObjectMapper();

    private final List<BodyLayout.Field> limits = new ArrayList<>();
    private final List<String> toolNames = new ArrayList<>();
    private int objectStart = -1;
    private OptionalLong n = OptionalLong.empty();
    private OptionalDouble temperature = OptionalDouble.empty();
    private int toolCount;
    private String toolChoice = "";
    private String responseFormat = "";
    private boolean images;
    private boolean audio;
    private String reasoningEffort = "";
    private BodyLayout.StreamOptions streamOptions;

    /** Notes where the top-level object starts; the parser is on its opening brace. */
    void objectStart(JsonParser parser) {
        objectStart = (int) parser.currentTokenLocation().getByteOffset();
    }

    /**
     * Reads the value of top-level field {@code name} when it is a parameter, leaving the
     * parser on the value's last token.
     *
     * @return whether the value was read (else the caller steps over it)
     * @throws ApiException 400 for a parameter of a shape the gateway cannot read
     */
    boolean field(String name, JsonToken value, JsonParser parser) throws IOException {
        switch (name) {
            case "max_tokens", "max_completion_tokens", "max_output_tokens" -> limits.add(new BodyLayout.Field(name,
                    count(name, value, parser), (int) parser.currentTokenLocation().getByteOffset(),
                    (int) parser.currentLocation().getByteOffset()));
            case "n" -> n = count(name, value, parser);
            case "temperature" -> temperature = temperature(value, parser);
            case "tools", "functions" -> tools(name, value, parser);
            case "tool_choice", "function_call" -> toolChoice(name, value, parser);
            case "response_format" -> responseFormat = responseFormat(value, parser);
            case "text" -> textFormat(value, parser);
            case "reasoning_effort" -> reasoningEffort = text(name, value, parser);
            case "reasoning" -> reasoning(value, parser);
            case "audio" -> {
                audio |= value != JsonToken.VALUE_NULL;
                parser.skipChildren();
            }
            case "modalities" -> modalities(value, parser);
            case "stream_options" -> streamOptions(value, parser);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Looks at one content part of a message for its kind; the parser is on the part's first token. */
    void contentPart(JsonToken part, JsonParser parser) throws IOException {
        if (part != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken v = parser.nextToken();
            if ("type".equals(field) && v == JsonToken.VALUE_STRING) {
                images |= IMAGE_PARTS.contains(parser.getText());
                audio |= AUDIO_PARTS.contains(parser.getText());
            }
            parser.skipChildren();
        }
    }

    /** The parameters, once the whole body is read. */
    RequestParams params(boolean stream, long inputBytes) {
        OptionalLong limit = OptionalLong.empty();
        for (BodyLayout.Field field : limits) {
            // With several limit fields the upstream honours one of them; the policy sees the smallest.
            if (field.value().isPresent() && (limit.isEmpty() || field.value().getAsLong() < limit.getAsLong())) {
                limit = field.value();
            }
        }
        return new RequestParams(limit, n, stream, temperature, toolNames, toolCount, toolChoice, responseFormat,
                images, audio, reasoningEffort, inputBytes);
    }

    /** Where the rewritable values lie, once the whole body is read. */
    BodyLayout layout() {
        return new BodyLayout(objectStart, limits, Optional.ofNullable(streamOptions));
    }

    private static OptionalLong count(String name, JsonToken value, JsonParser parser) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return OptionalLong.empty();
        }
        if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || parser.getLongValue() < 0) {
            throw invalid(name, "'" + name + "' must be a non-negative integer.");
        }
        return OptionalLong.of(parser.getLongValue());
    }

    private static OptionalDouble temperature(JsonToken value, JsonParser parser) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return OptionalDouble.empty();
        }
        if (!(value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT)
                || !Double.isFinite(parser.getDoubleValue())) {
            throw invalid("temperature", "'temperature' must be a finite number.");
        }
        return OptionalDouble.of(parser.getDoubleValue());
    }

    /**
     * {@code tools}: {@code [{"type": "function", "function": {"name"}}]} (chat),
     * {@code [{"type": "function", "name"}]} (Responses) or other tool types;
     * {@code functions}: {@code [{"name"}]}. Schemas and descriptions are stepped over.
     */
    private void tools(String field, JsonToken value, JsonParser parser) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            throw invalid(field, "'" + field + "' must be an array.");
        }
        int i = 0;
        for (JsonToken tool = parser.nextToken(); tool != JsonToken.END_ARRAY; tool = parser.nextToken(), i++) {
            if (tool != JsonToken.START_OBJECT) {
                throw invalid(field, "'" + field + "[" + i + "]' must be an object.");
            }
            String name = null;
            String type = null;
            boolean function = field.equals("functions");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken v = parser.nextToken();
                if (key.equals("type") && v == JsonToken.VALUE_STRING) {
                    type = parser.getText();
                } else if (key.equals("name") && v == JsonToken.VALUE_STRING) {
                    name = parser.getText();
                } else if (key.equals("function") && v == JsonToken.START_OBJECT) {
                    function = true;
                    name = functionName(field, i, parser);
                    continue;
                }
                parser.skipChildren();
            }
            // A function by its name; Anthropic's custom tools have a name and no type.
            boolean named = function || type == null || "function".equals(type) || "custom".equals(type);
            if (named && name != null) {
                toolNames.add(bounded(field + "[" + i + "].name", name));
            } else if (function || "function".equals(type)) {
                throw invalid(field, "'" + field + "[" + i + "]' must name its function with a string 'name'.");
            } else if (type == null) {
                throw invalid(field, "'" + field + "[" + i + "]' must have a string 'type' or 'name'.");
            }
            if (++toolCount > MAX_TOOLS) {
                throw invalid(field, "at most " + MAX_TOOLS + " tools may be offered.");
            }
        }
    }

    /** The {@code name} of a {@code function} object; the parser is on its opening brace and ends on its closing one. */
    private static String functionName(String field, int i, JsonParser parser) throws IOException {
        String name = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken v = parser.nextToken();
            if (key.equals("name") && v == JsonToken.VALUE_STRING) {
                name = parser.getText();
            }
            parser.skipChildren();
        }
        if (name == null) {
            throw invalid(field, "'" + field + "[" + i + "].function' must have a string 'name'.");
        }
        return name;
    }

    private void toolChoice(String field, JsonToken value, JsonParser parser) throws IOException {
        if (value == JsonToken.VALUE_NULL || field.equals("function_call") && !toolChoice.isEmpty()) {
            parser.skipChildren();
            return;
        }
        if (value == JsonToken.START_OBJECT) {
            toolChoice = choiceObject(parser);
        } else if (value == JsonToken.VALUE_STRING && TOOL_CHOICES.contains(parser.getText())) {
            toolChoice = parser.getText();
        } else {
            throw invalid(field, "'" + field + "' must be \"none\", \"auto\", \"required\" or an object.");
        }
    }

    /**
     * An object {@code tool_choice}: OpenAI's {@code {"type": "function", ...}} (or a named
     * tool of another type) forces a tool; Anthropic's {@code {"type": "auto" | "any" | "none"
     * | "tool"}} mean auto, required, none and a forced tool.
     */
    private static String choiceObject(JsonParser parser) throws IOException {
        String type = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken v = parser.nextToken();
            if (key.equals("type") && v == JsonToken.VALUE_STRING) {
                type = parser.getText();
            }
            parser.skipChildren();
        }
        return switch (type == null ? "" : type) {
            case "auto" -> "auto";
            case "any" -> "required";
            case "none" -> "none";
            default -> "function";
        };
    }

    /** The Responses API's {@code text: {"format": {"type": ...}}}, its response format. */
    private void textFormat(JsonToken value, JsonParser parser) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken v = parser.nextToken();
            if (key.equals("format") && responseFormat.isEmpty()) {
                responseFormat = responseFormat(v, parser);
            } else {
                parser.skipChildren();
            }
        }
    }

    /**
     * One item of a Responses {@code input} array (or an element of another endpoint's
     * {@code input}): a message's content parts are looked at for their kind, as for
     * {@code messages}; anything else is stepped over. The parser is on the item's first token.
     */
    void inputItem(JsonToken item, JsonParser parser) throws IOException {
        if (item != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken v = parser.nextToken();
            if (key.equals("content") && v == JsonToken.START_ARRAY) {
                for (JsonToken part = parser.nextToken(); part != JsonToken.END_ARRAY; part = parser.nextToken()) {
                    contentPart(part, parser);
                }
            } else if (key.equals("type") && v == JsonToken.VALUE_STRING) {
                images |= IMAGE_PARTS.contains(parser.getText());
                audio |= AUDIO_PARTS.contains(parser.getText());
            } else {
                parser.skipChildren();
            }
        }
    }

    private static String responseFormat(JsonToken value, JsonParser parser) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return "";
        }
        String type = null;
        if (value == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken v = parser.nextToken();
                if (key.equals("type") && v == JsonToken.VALUE_STRING) {
                    type = parser.getText();
                }
                parser.skipChildren();
            }
        }
        if (type == null) {
            parser.skipChildren();
            throw invalid("response_format", "'response_format' must be an object with a string 'type'.");
        }
        return bounded("response_format.type", type);
    }

    /** {@code reasoning: {"effort": ...}} (Responses); {@code reasoning_effort} wins when both are given. */
    private void reasoning(JsonToken value, JsonParser parser) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            if (value != JsonToken.VALUE_NULL) {
                throw invalid("reasoning", "'reasoning' must be an object.");
            }
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken v = parser.nextToken();
            if (key.equals("effort") && reasoningEffort.isEmpty()) {
                reasoningEffort = text("reasoning.effort", v, parser);
            }
            parser.skipChildren();
        }
    }

    private void modalities(JsonToken value, JsonParser parser) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            audio |= t == JsonToken.VALUE_STRING && parser.getText().equals("audio");
            parser.skipChildren();
        }
    }

    private void streamOptions(JsonToken value, JsonParser parser) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        int start = (int) parser.currentTokenLocation().getByteOffset();
        // A mapper of its own: the body's reader refuses trailing tokens, and here the rest of
        // the body follows the value.
        JsonNode options = TREES.readTree(parser);
        streamOptions = new BodyLayout.StreamOptions((ObjectNode) options, start,
                (int) parser.currentLocation().getByteOffset());
    }

    private static String text(String name, JsonToken value, JsonParser parser) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return "";
        }
        if (value != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            throw invalid(name, "'" + name + "' must be a string.");
        }
        return bounded(name, parser.getText());
    }

    private static String bounded(String name, String text) {
        if (text.length() > MAX_TEXT) {
            throw invalid(name, "'" + name + "' must be at most " + MAX_TEXT + " characters.");
        }
        return text;
    }

    private static ApiException invalid(String param, String message) {
        return new ApiException(OpenAiError.invalidRequest(param, message));
    }
}
