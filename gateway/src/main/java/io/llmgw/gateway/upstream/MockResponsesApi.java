package io.llmgw.gateway.upstream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The mock's answers on OpenAI's Responses API: a completed response with one assistant
 * message, or the event stream that builds it (created, in progress, the item and its text
 * part opened, one text delta per word, everything closed, completed), each event with its
 * {@code type} and a {@code sequence_number} from 0.
 */
final class MockResponsesApi {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private MockResponsesApi() {}

    /** The finished response. */
    static ObjectNode response(String id, String model, String text) {
        ObjectNode response = head(id, model, "completed");
        response.putArray("output").add(message(id, text, "completed"));
        List<String> words = MockResponses.words(text);
        response.putObject("usage").put("input_tokens", 1).put("output_tokens", words.size())
                .put("total_tokens", 1 + words.size());
        return response;
    }

    /** The events of the streamed response, in order. */
    static List<SseEvent> events(String id, String model, String text) {
        String itemId = "msg_" + id;
        var events = new Events();
        events.add("response.created", e -> e.set("response", head(id, model, "in_progress")));
        events.add("response.in_progress", e -> e.set("response", head(id, model, "in_progress")));
        events.add("response.output_item.added", e -> e.put("output_index", 0)
                .set("item", message(id, "", "in_progress")));
        events.add("response.content_part.added", e -> part(e, itemId).set("part", outputText("")));
        for (String word : MockResponses.words(text)) {
            events.add("response.output_text.delta", e -> part(e, itemId).put("delta", word).putArray("logprobs"));
        }
        events.add("response.output_text.done", e -> part(e, itemId).put("text", text).putArray("logprobs"));
        events.add("response.content_part.done", e -> part(e, itemId).set("part", outputText(text)));
        events.add("response.output_item.done", e -> e.put("output_index", 0).set("item", message(id, text, "completed")));
        events.add("response.completed", e -> e.set("response", response(id, model, text)));
        return events.list;
    }

    private static ObjectNode head(String id, String model, String status) {
        ObjectNode response = JSON.objectNode().put("id", "resp_" + id).put("object", "response").put("created_at", 0)
                .put("status", status).put("model", model);
        response.putNull("error");
        response.putNull("incomplete_details");
        response.putNull("instructions");
        response.putObject("metadata");
        response.put("parallel_tool_calls", true).put("temperature", 1.0).put("top_p", 1.0).put("tool_choice", "auto");
        response.putArray("tools");
        response.putArray("output");
        return response;
    }

    private static ObjectNode message(String id, String text, String status) {
        ObjectNode item = JSON.objectNode().put("type", "message").put("id", "msg_" + id).put("status", status)
                .put("role", "assistant");
        var content = item.putArray("content");
        if (!text.isEmpty()) {
            content.add(outputText(text));
        }
        return item;
    }

    private static ObjectNode outputText(String text) {
        ObjectNode part = JSON.objectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    private static ObjectNode part(ObjectNode event, String itemId) {
        return event.put("item_id", itemId).put("output_index", 0).put("content_index", 0);
    }

    /** Events numbered in the order they are added. */
    private static final class Events {
        final List<SseEvent> list = new ArrayList<>();

        void add(String type, Consumer<ObjectNode> fill) {
            ObjectNode event = JSON.objectNode().put("type", type).put("sequence_number", list.size());
            fill.accept(event);
            list.add(new SseEvent(type, event.toString()));
        }
    }
}
