package io.llmgw.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgw.gateway.upstream.Endpoint;
import io.llmgw.gateway.upstream.SseEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One stream as the client gets it, in its API's event shape, with the model renamed to the
 * name the client asked for:
 * <ul>
 *   <li>OpenAI's chat and completion chunks: {@code data:} lines, the model at the top, closed by
 *       {@code data: [DONE]}; an error is a {@code data: {"error": ...}} chunk.
 *   <li>OpenAI's Responses events: {@code event:} and {@code data:}, the model in
 *       {@code response.model}, over at {@code response.completed}, {@code .failed} or
 *       {@code .incomplete}; an error is an {@code error} event numbered after the last one.
 *   <li>Anthropic's Messages events: the model in {@code message.model} of {@code message_start},
 *       over at {@code message_stop}; an error is an {@code error} event in Anthropic's shape.
 * </ul>
 * For the typed streams, an event that is not a JSON object with a string {@code type} ends the
 * stream with an error, as does an upstream that stops before the closing event: a client is
 * never left holding half an answer that looks whole. The event name sent is always the
 * event's {@code type}.
 */
final class ClientStream {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
    private static final Set<String> RESPONSES_END = Set.of("response.completed", "response.failed",
            "response.incomplete", "error");
    private static final Set<String> MESSAGES_END = Set.of("message_stop", "error");

    /** What an event type looks like in both APIs; anything else could not be framed as an event name. */
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");

    private enum Shape { CHUNKS, RESPONSES, MESSAGES }

    private final Shape shape;
    private final String requested;
    private long nextSequence;
    private boolean ended;

    ClientStream(Endpoint endpoint, String requested) {
        this.shape = switch (endpoint) {
            case RESPONSES -> Shape.RESPONSES;
            case MESSAGES -> Shape.MESSAGES;
            case CHAT_COMPLETIONS, COMPLETIONS, EMBEDDINGS, MESSAGES_COUNT_TOKENS -> Shape.CHUNKS;
        };
        this.requested = requested;
    }

    /**
     * The bytes that pass {@code event} on.
     *
     * @return null when the event is malformed: the stream must end with {@link #error}
     */
    byte[] event(SseEvent event) {
        JsonNode json = parse(event.data());
        if (shape == Shape.CHUNKS) {
            if (json instanceof ObjectNode object && object.has("model")) {
                object.put("model", requested);
                return frame("", object.toString());
            }
            return frame("", event.data());
        }
        if (!(json instanceof ObjectNode object) || !EVENT_TYPE.matcher(object.path("type").asText("")).matches()) {
            return null;
        }
        String type = object.path("type").asText();
        rename(object, "response");
        rename(object, "message");
        if (object.has("model")) {
            object.put("model", requested);
        }
        if (object.path("sequence_number").canConvertToLong()) {
            nextSequence = object.path("sequence_number").asLong() + 1;
        }
        ended = (shape == Shape.RESPONSES ? RESPONSES_END : MESSAGES_END).contains(type);
        return frame(type, object.toString());
    }

    /** Whether the closing event has been passed on: nothing after it is read. */
    boolean ended() {
        return ended;
    }

    /** The bytes after the upstream's last event: {@code [DONE]}, or an error when the closing event never came. */
    byte[] finish() {
        return switch (shape) {
            case CHUNKS -> DONE;
            case RESPONSES, MESSAGES -> ended ? new byte[0] : error(OpenAiError.upstreamStreamTruncated());
        };
    }

    /** The error event that ends the stream early. */
    byte[] error(OpenAiError error) {
        ended = true;
        return switch (shape) {
            case CHUNKS -> frame("", error.body().toString());
            case RESPONSES -> {
                ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", "error").put("code", error.code())
                        .put("message", error.message());
                event.putNull("param");
                event.put("sequence_number", nextSequence);
                yield frame("error", event.toString());
            }
            case MESSAGES -> {
                ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", "error");
                event.putObject("error").put("type", ClientApi.anthropicType(error)).put("message", error.message());
                yield frame("error", event.toString());
            }
        };
    }

    private void rename(ObjectNode event, String field) {
        if (event.get(field) instanceof ObjectNode inner && inner.has("model")) {
            inner.put("model", requested);
        }
    }

    /** One event; each line of the data its own {@code data:} line, so no data can frame an event of its own. */
    private static byte[] frame(String name, String data) {
        StringBuilder text = new StringBuilder(data.length() + name.length() + 16);
        if (!name.isEmpty()) {
            text.append("event: ").append(name).append('\n');
        }
        for (String line : data.split("\n", -1)) {
            text.append("data: ").append(line).append('\n');
        }
        return text.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String data) {
        try {
            return JsonBodies.JSON.readTree(data);
        } catch (IOException e) {
            return null;
        }
    }
}
