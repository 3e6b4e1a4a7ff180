package io.llmgw.gateway.params;

import static io.llmgw.gateway.params.JsonFields.bounded;
import static io.llmgw.gateway.params.JsonFields.count;
import static io.llmgw.gateway.params.JsonFields.eachField;
import static io.llmgw.gateway.params.JsonFields.finiteNumber;
import static io.llmgw.gateway.params.JsonFields.invalid;
import static io.llmgw.gateway.params.JsonFields.stringField;
import static io.llmgw.gateway.params.JsonFields.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * Reads the generation parameters of a model call during the request check's one streaming
 * pass over the body, the same way for every endpoint, into the {@link RequestParams} the
 * policy sees and the {@link BodyLayout} an obligation rewrites. The caller hands it each
 * top-level field, and the content parts and input items it steps through. Only parameters
 * are read: message and prompt text, tool schemas and response schemas are stepped over,
 * never kept. A parameter the gateway cannot read is refused with an
 * {@link InvalidParamException} naming it, so the policy never decides on a half-read request.
 * One instance per body.
 */
public final class ParamsScanner {

    /** The body fields an output-token limit is given in, by endpoint. */
    static final Set<String> OUTPUT_LIMITS = Set.of("max_tokens", "max_completion_tokens", "max_output_tokens");

    // A mapper of its own: the body's reader refuses trailing tokens, and here the rest of the
    // body follows the value.
    private static final ObjectMapper TREES = new ObjectMapper();

    private final List<BodyLayout.Field> limits = new ArrayList<>();
    private final ToolParams tools = new ToolParams();
    private final ContentKinds kinds = new ContentKinds();
    private int objectStart = -1;
    private OptionalLong n = OptionalLong.empty();
    private OptionalDouble temperature = OptionalDouble.empty();
    private String responseFormat = "";
    private String reasoningEffort = "";
    private BodyLayout.StreamOptions streamOptions;

    /** Notes where the top-level object starts; the parser is on its opening brace. */
    public void objectStart(JsonParser parser) {
        objectStart = offset(parser);
    }

    /**
     * Reads the value of top-level field {@code name} when it is a parameter, leaving the
     * parser on the value's last token.
     *
     * @return whether the value was read (else the caller steps over it)
     * @throws InvalidParamException for a parameter of a shape the gateway cannot read
     */
    public boolean field(String name, JsonToken value, JsonParser parser) throws IOException {
        if (OUTPUT_LIMITS.contains(name)) {
            limits.add(new BodyLayout.Field(name, count(name, value, parser), offset(parser),
                    (int) parser.currentLocation().getByteOffset()));
            return true;
        }
        switch (name) {
            case "n" -> n = count(name, value, parser);
            case "temperature" -> temperature = finiteNumber(name, value, parser);
            case "tools", "functions" -> tools.tools(name, value, parser);
            case "tool_choice", "function_call" -> tools.choice(name, value, parser);
            case "response_format" -> responseFormat = responseFormat(value, parser);
            case "text" -> textFormat(value, parser);
            case "reasoning_effort" -> reasoningEffort = text(name, value, parser);
            case "reasoning" -> reasoning(value, parser);
            case "audio" -> kinds.audioOutput(value, parser);
            case "modalities" -> kinds.modalities(value, parser);
            case "stream_options" -> streamOptions(value, parser);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Looks at one content part of a message for its kind; the parser is on the part's first token. */
    public void contentPart(JsonToken part, JsonParser parser) throws IOException {
        kinds.contentPart(part, parser);
    }

    /**
     * Looks at one item of an {@code input} array for the kinds of content it holds: its own
     * type and, for a message, its content parts' (a Responses input; other endpoints' input
     * elements are strings or tokens and are stepped over). The parser is on the item's first token.
     */
    public void inputItem(JsonToken item, JsonParser parser) throws IOException {
        kinds.inputItem(item, parser);
    }

    /** The parameters, once the whole body is read. */
    public RequestParams params(boolean stream, long inputBytes) {
        OptionalLong limit = OptionalLong.empty();
        for (BodyLayout.Field field : limits) {
            // With several limit fields the upstream honours one of them; the policy sees the smallest.
            if (field.value().isPresent() && (limit.isEmpty() || field.value().getAsLong() < limit.getAsLong())) {
                limit = field.value();
            }
        }
        return new RequestParams(limit, n, stream, temperature, tools.names(), tools.count(), tools.choice(),
                responseFormat, kinds.images(), kinds.audio(), reasoningEffort, inputBytes);
    }

    /** Where the rewritable values lie, once the whole body is read. */
    public BodyLayout layout() {
        return new BodyLayout(objectStart, limits, Optional.ofNullable(streamOptions));
    }

    /** The Responses API's {@code text: {"format": {"type": ...}}}, its response format. */
    private void textFormat(JsonToken value, JsonParser parser) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        eachField(parser, (key, v) -> {
            if (key.equals("format") && responseFormat.isEmpty()) {
                responseFormat = responseFormat(v, parser);
            }
        });
    }

    private static String responseFormat(JsonToken value, JsonParser parser) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return "";
        }
        String type = value == JsonToken.START_OBJECT ? stringField(parser, "type") : null;
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
        eachField(parser, (key, v) -> {
            if (key.equals("effort") && reasoningEffort.isEmpty()) {
                reasoningEffort = text("reasoning.effort", v, parser);
            }
        });
    }

    private void streamOptions(JsonToken value, JsonParser parser) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        int start = offset(parser);
        ObjectNode options = (ObjectNode) TREES.readTree(parser);
        streamOptions = new BodyLayout.StreamOptions(options, start, (int) parser.currentLocation().getByteOffset());
    }

    /** Where the parser's current token starts in the body. */
    private static int offset(JsonParser parser) {
        return (int) parser.currentTokenLocation().getByteOffset();
    }
}
