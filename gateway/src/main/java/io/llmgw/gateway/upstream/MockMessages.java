package io.llmgw.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The mock's answers on Anthropic's Messages API: a message with one text block, the event
 * stream that builds it ({@code message_start}, the block opened, a {@code ping}, one
 * {@code text_delta} per word, the block closed, {@code message_delta} with the stop reason and
 * usage, {@code message_stop}), and a token count.
 */
final class MockMessages {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private MockMessages() {}

    /** The whole message. */
    static ObjectNode message(String id, String model, String text) {
        ObjectNode message = head(id, model);
        message.putArray("content").addObject().put("type", "text").put("text", text);
        message.put("stop_reason", "end_turn").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", 1).put("output_tokens", MockResponses.words(text).size());
        return message;
    }

    /** The events of the streamed message, in order. */
    static List<SseEvent> events(String id, String model, String text) {
        List<SseEvent> events = new ArrayList<>();
        add(events, "message_start", e -> {
            ObjectNode message = head(id, model);
            message.putArray("content");
            message.putNull("stop_reason").putNull("stop_sequence");
            message.putObject("usage").put("input_tokens", 1).put("output_tokens", 0);
            e.set("message", message);
        });
        add(events, "content_block_start", e -> e.put("index", 0).putObject("content_block").put("type", "text")
                .put("text", ""));
        add(events, "ping", e -> { });
        for (String word : MockResponses.words(text)) {
            add(events, "content_block_delta", e -> e.put("index", 0).putObject("delta").put("type", "text_delta")
                    .put("text", word));
        }
        add(events, "content_block_stop", e -> e.put("index", 0));
        add(events, "message_delta", e -> {
            e.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
            e.putObject("usage").put("output_tokens", MockResponses.words(text).size());
        });
        add(events, "message_stop", e -> { });
        return events;
    }

    /** The words of every text in the request's system prompt and messages, counted as tokens. */
    static ObjectNode countTokens(JsonNode request) {
        List<String> texts = new ArrayList<>();
        collectTexts(request.path("system"), texts);
        request.path("messages").forEach(m -> collectTexts(m.path("content"), texts));
        int tokens = texts.stream().mapToInt(t -> t.isBlank() ? 0 : t.strip().split("\\s+").length).sum();
        return JSON.objectNode().put("input_tokens", tokens);
    }

    private static void collectTexts(JsonNode content, List<String> texts) {
        if (content.isTextual()) {
            texts.add(content.asText());
        } else if (content.isArray()) {
            content.forEach(block -> {
                if (block.path("text").isTextual()) {
                    texts.add(block.path("text").asText());
                }
            });
        }
    }

    private static ObjectNode head(String id, String model) {
        return JSON.objectNode().put("id", "msg_" + id).put("type", "message").put("role", "assistant")
                .put("model", model);
    }

    private static void add(List<SseEvent> events, String type, Consumer<ObjectNode> fill) {
        ObjectNode event = JSON.objectNode().put("type", type);
        fill.accept(event);
        events.add(new SseEvent(type, event.toString()));
    }
}
