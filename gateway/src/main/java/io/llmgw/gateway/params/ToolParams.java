package io.llmgw.gateway.params;

import static io.llmgw.gateway.params.JsonFields.bounded;
import static io.llmgw.gateway.params.JsonFields.eachField;
import static io.llmgw.gateway.params.JsonFields.invalid;
import static io.llmgw.gateway.params.JsonFields.stringField;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The tools a call offers and the tool choice it asks for, in the shapes of every API:
 * OpenAI chat's {@code tools} and legacy {@code functions}/{@code function_call}, the
 * Responses API's flat function tools and Anthropic's named tools and {@code tool_choice}
 * types. Tools are kept by name; schemas and descriptions are stepped over.
 */
final class ToolParams {

    /**
     * Most tools read (OpenAI allows 128 tools with names of 64 characters); past them the
     * request is refused here rather than failing the check.
     */
    static final int MAX_TOOLS = 1_000;

    private static final Set<String> TOOL_CHOICES = Set.of("none", "auto", "required");

    private final List<String> names = new ArrayList<>();
    private int count;
    private String choice = "";

    /** The names of the tools offered, in request order. */
    List<String> names() {
        return names;
    }

    /** How many tools are offered, named or not. */
    int count() {
        return count;
    }

    /** {@code none}, {@code auto}, {@code required} or {@code function}; empty when not given. */
    String choice() {
        return choice;
    }

    /** What one tool object holds that matters here. */
    private static final class Tool {
        String name;
        String type;
        boolean function;
    }

    /**
     * {@code tools}: {@code [{"type": "function", "function": {"name"}}]} (chat),
     * {@code [{"type": "function", "name"}]} (Responses) or other tool types;
     * {@code functions}: {@code [{"name"}]}.
     */
    void tools(String field, JsonToken value, JsonParser parser) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            throw invalid(field, "'" + field + "' must be an array.");
        }
        int i = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken(), i++) {
            String at = field + "[" + i + "]";
            if (token != JsonToken.START_OBJECT) {
                throw invalid(field, "'" + at + "' must be an object.");
            }
            Tool tool = new Tool();
            tool.function = field.equals("functions");
            eachField(parser, (key, v) -> {
                if (key.equals("type") && v == JsonToken.VALUE_STRING) {
                    tool.type = parser.getText();
                } else if (key.equals("name") && v == JsonToken.VALUE_STRING) {
                    tool.name = parser.getText();
                } else if (key.equals("function") && v == JsonToken.START_OBJECT) {
                    tool.function = true;
                    tool.name = stringField(parser, "name");
                    if (tool.name == null) {
                        throw invalid(field, "'" + at + ".function' must have a string 'name'.");
                    }
                }
            });
            add(field, at, tool);
        }
    }

    private void add(String field, String at, Tool tool) {
        // A function by its name; Anthropic's custom tools have a name and no type.
        boolean named = tool.function || tool.type == null || "function".equals(tool.type)
                || "custom".equals(tool.type);
        if (named && tool.name != null) {
            names.add(bounded(at + ".name", tool.name));
        } else if (tool.function || "function".equals(tool.type)) {
            throw invalid(field, "'" + at + "' must name its function with a string 'name'.");
        } else if (tool.type == null) {
            throw invalid(field, "'" + at + "' must have a string 'type' or 'name'.");
        }
        if (++count > MAX_TOOLS) {
            throw invalid(field, "at most " + MAX_TOOLS + " tools may be offered.");
        }
    }

    /** {@code tool_choice}, or the legacy {@code function_call} when no {@code tool_choice} came before it. */
    void choice(String field, JsonToken value, JsonParser parser) throws IOException {
        if (value == JsonToken.VALUE_NULL || field.equals("function_call") && !choice.isEmpty()) {
            parser.skipChildren();
            return;
        }
        if (value == JsonToken.START_OBJECT) {
            choice = choiceObject(parser);
        } else if (value == JsonToken.VALUE_STRING && TOOL_CHOICES.contains(parser.getText())) {
            choice = parser.getText();
        } else {
            throw invalid(field, "'" + field + "' must be \"none\", \"auto\", \"required\" or an object.");
        }
    }

    /**
     * An object tool choice: OpenAI's {@code {"type": "function", ...}} (or a named tool of
     * another type) forces a tool; Anthropic's {@code {"type": "auto" | "any" | "none" |
     * "tool"}} mean auto, required, none and a forced tool.
     */
    private static String choiceObject(JsonParser parser) throws IOException {
        String type = stringField(parser, "type");
        return switch (type == null ? "" : type) {
            case "auto" -> "auto";
            case "any" -> "required";
            case "none" -> "none";
            default -> "function";
        };
    }
}
