package io.llmgw.gateway.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgw.gateway.authz.RequestParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parameters read from a body's top-level fields, field by field, as the request check
 * hands them over; and each shape that cannot be read, refused naming the parameter with the
 * message the client sees. (Messages' content parts go through the same reader as input
 * items' and are covered with the routes.)
 */
class ParamsScannerTest {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Feeds every top-level field to a scanner, and each element of an {@code input} array as
     * an input item, from the body's bytes as the request check does (offsets are byte offsets).
     */
    private static ParamsScanner scan(String body) throws IOException {
        var scanner = new ParamsScanner();
        try (JsonParser parser = JSON.createParser(body.getBytes(StandardCharsets.UTF_8))) {
            parser.nextToken();
            scanner.objectStart(parser);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("input") && value == JsonToken.START_ARRAY) {
                    for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                        scanner.inputItem(item, parser);
                    }
                } else if (!scanner.field(name, value, parser)) {
                    parser.skipChildren();
                }
            }
            assertThat(parser.nextToken()).as("the whole body was read").isNull();
        }
        return scanner;
    }

    private static RequestParams params(String body) throws IOException {
        return scan(body).params(false, body.length());
    }

    static Stream<Arguments> unreadable() {
        String tools = IntStream.rangeClosed(0, ToolParams.MAX_TOOLS).mapToObj(i -> "{\"type\": \"web_search\"}")
                .collect(Collectors.joining(", ", "[", "]"));
        return Stream.of(
                Arguments.of("\"max_tokens\": -1", "max_tokens", "'max_tokens' must be a non-negative integer."),
                Arguments.of("\"max_output_tokens\": 1.5", "max_output_tokens",
                        "'max_output_tokens' must be a non-negative integer."),
                Arguments.of("\"n\": 99999999999999999999", "n", "'n' must be a non-negative integer."),
                Arguments.of("\"temperature\": \"hot\"", "temperature", "'temperature' must be a finite number."),
                Arguments.of("\"temperature\": 1e999", "temperature", "'temperature' must be a finite number."),
                Arguments.of("\"tools\": {}", "tools", "'tools' must be an array."),
                Arguments.of("\"tools\": [7]", "tools", "'tools[0]' must be an object."),
                Arguments.of("\"tools\": [{\"function\": {}}]", "tools",
                        "'tools[0].function' must have a string 'name'."),
                Arguments.of("\"tools\": [{\"type\": \"function\"}]", "tools",
                        "'tools[0]' must name its function with a string 'name'."),
                Arguments.of("\"functions\": [{\"name\": \"f\"}, {\"description\": \"x\"}]", "functions",
                        "'functions[1]' must name its function with a string 'name'."),
                Arguments.of("\"tools\": [{\"description\": \"x\"}]", "tools",
                        "'tools[0]' must have a string 'type' or 'name'."),
                Arguments.of("\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"" + "f".repeat(257)
                        + "\"}}]", "tools[0].name", "'tools[0].name' must be at most 256 characters."),
                Arguments.of("\"tools\": " + tools, "tools", "at most 1000 tools may be offered."),
                Arguments.of("\"tool_choice\": \"sometimes\"", "tool_choice",
                        "'tool_choice' must be \"none\", \"auto\", \"required\" or an object."),
                Arguments.of("\"function_call\": 3", "function_call",
                        "'function_call' must be \"none\", \"auto\", \"required\" or an object."),
                Arguments.of("\"response_format\": \"json\"", "response_format",
                        "'response_format' must be an object with a string 'type'."),
                Arguments.of("\"response_format\": {\"json_schema\": {}}", "response_format",
                        "'response_format' must be an object with a string 'type'."),
                Arguments.of("\"response_format\": {\"type\": \"" + "t".repeat(257) + "\"}", "response_format.type",
                        "'response_format.type' must be at most 256 characters."),
                Arguments.of("\"text\": {\"format\": [\"json\"]}", "response_format",
                        "'response_format' must be an object with a string 'type'."),
                Arguments.of("\"reasoning_effort\": 3", "reasoning_effort", "'reasoning_effort' must be a string."),
                Arguments.of("\"reasoning\": \"high\"", "reasoning", "'reasoning' must be an object."),
                Arguments.of("\"reasoning\": {\"effort\": {\"level\": 1}}", "reasoning.effort",
                        "'reasoning.effort' must be a string."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void field_unreadableShape_refusedNamingTheParam(String field, String param, String message) {
        assertThatThrownBy(() -> scan("{\"model\": \"m\", " + field + "}"))
                .isInstanceOfSatisfying(InvalidParamException.class, e -> {
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void tools_everyApisShape_namedFunctionsCountedAll() throws IOException {
        RequestParams p = params("""
                {"tools": [{"type": "function", "function": {"name": "chat_fn", "parameters": {"name": "no"}}},
                           {"type": "function", "name": "responses_fn"},
                           {"name": "anthropic_tool", "input_schema": {"type": "object"}},
                           {"type": "custom", "name": "custom_tool"},
                           {"type": "web_search", "name": "not a function"}],
                 "functions": [{"name": "legacy_fn"}]}""");

        assertThat(p.toolNames()).containsExactly("chat_fn", "responses_fn", "anthropic_tool", "custom_tool",
                "legacy_fn");
        assertThat(p.toolCount()).isEqualTo(6);
    }

    @Test
    void toolChoice_objectsOfEitherApi_mappedToOneVocabulary() throws IOException {
        assertThat(params("{\"tool_choice\": {\"type\": \"any\"}}").toolChoice()).isEqualTo("required");
        assertThat(params("{\"tool_choice\": {\"type\": \"auto\"}}").toolChoice()).isEqualTo("auto");
        assertThat(params("{\"tool_choice\": {\"type\": \"none\"}}").toolChoice()).isEqualTo("none");
        assertThat(params("{\"tool_choice\": {\"type\": \"tool\", \"name\": \"t\"}}").toolChoice())
                .isEqualTo("function");
        assertThat(params("{\"tool_choice\": {}}").toolChoice()).isEqualTo("function");
        assertThat(params("{\"tool_choice\": null}").toolChoice()).isEmpty();
    }

    @Test
    void functionCall_legacyChoice_readOnlyWithoutToolChoiceBeforeIt() throws IOException {
        assertThat(params("{\"function_call\": {\"name\": \"f\"}}").toolChoice()).isEqualTo("function");
        assertThat(params("{\"tool_choice\": \"none\", \"function_call\": \"auto\"}").toolChoice()).isEqualTo("none");
        assertThat(params("{\"function_call\": \"auto\", \"tool_choice\": \"none\"}").toolChoice()).isEqualTo("none");
    }

    @Test
    void reasoningEffort_winsOverReasoningObjectInEitherOrder() throws IOException {
        assertThat(params("{\"reasoning\": {\"effort\": \"high\"}}").reasoningEffort()).isEqualTo("high");
        assertThat(params("{\"reasoning\": {\"effort\": \"high\"}, \"reasoning_effort\": \"low\"}").reasoningEffort())
                .isEqualTo("low");
        assertThat(params("{\"reasoning_effort\": \"low\", \"reasoning\": {\"effort\": \"high\"}}").reasoningEffort())
                .isEqualTo("low");
        assertThat(params("{\"reasoning\": null}").reasoningEffort()).isEmpty();
    }

    @Test
    void responseFormat_responseFormatBeforeTextFormat_firstOneKept() throws IOException {
        assertThat(params("{\"text\": {\"verbosity\": \"low\", \"format\": {\"type\": \"json_schema\"}}}")
                .responseFormat()).isEqualTo("json_schema");
        assertThat(params("""
                {"response_format": {"type": "json_object"}, "text": {"format": {"type": "text"}}}""")
                .responseFormat()).isEqualTo("json_object");
        assertThat(params("{\"text\": \"plain\", \"response_format\": null}").responseFormat()).isEmpty();
    }

    @Test
    void contentKinds_inputItemsAudioAndModalities_flagged() throws IOException {
        assertThat(params("""
                {"input": ["plain", {"type": "input_image", "image_url": "data:,"}]}""").hasImages()).isTrue();
        RequestParams nested = params("""
                {"input": [{"role": "user", "content": [{"type": "input_text", "text": "image"}, "x",
                  {"type": "input_audio", "input_audio": {"type": "image"}}]}]}""");
        assertThat(nested.hasImages()).isFalse();
        assertThat(nested.hasAudio()).isTrue();
        assertThat(params("{\"audio\": {\"voice\": \"alloy\"}}").hasAudio()).isTrue();
        assertThat(params("{\"audio\": null}").hasAudio()).isFalse();
        assertThat(params("{\"modalities\": [\"text\", \"audio\"]}").hasAudio()).isTrue();
        assertThat(params("{\"modalities\": [\"text\", [\"audio\"]]}").hasAudio()).isFalse();
    }

    @Test
    void limits_smallestSeen_eachFieldWhereItLies() throws IOException {
        String body = "{\"max_completion_tokens\": 900, \"max_tokens\": 700, \"max_output_tokens\": null,"
                + " \"n\": null, \"temperature\": 0}";
        var scanner = scan(body);

        RequestParams p = scanner.params(true, body.length());
        assertThat(p.maxOutputTokens()).hasValue(700);
        assertThat(p.n()).isEmpty();
        assertThat(p.temperature()).hasValue(0.0);
        assertThat(p.stream()).isTrue();
        assertThat(p.inputBytes()).isEqualTo(body.length());
        var layout = scanner.layout();
        assertThat(layout.objectStart()).isZero();
        assertThat(layout.outputLimits()).extracting(f -> f.name() + "=" + body.substring(f.start(), f.end()))
                .containsExactly("max_completion_tokens=900", "max_tokens=700", "max_output_tokens=null");
        assertThat(layout.outputLimits().get(2).value()).isEmpty();
        assertThat(layout.streamOptions()).isEmpty();
    }

    @Test
    void streamOptions_keptAsTreeWithWhereItLies() throws IOException {
        String body = "{\"stream_options\": {\"include_usage\": false, \"x\": [1]}, \"model\": \"m\"}";
        var options = scan(body).layout().streamOptions().orElseThrow();

        assertThat(options.value().path("x").path(0).asInt()).isEqualTo(1);
        assertThat(body.substring(options.start(), options.end())).isEqualTo("{\"include_usage\": false, \"x\": [1]}");
        assertThat(scan("{\"stream_options\": null}").layout().streamOptions()).isEmpty();
    }
}
