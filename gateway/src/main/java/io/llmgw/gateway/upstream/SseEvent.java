package io.llmgw.gateway.upstream;

import java.util.Objects;

/**
 * One server-sent event of an upstream stream.
 *
 * @param name the event's {@code event:} field; empty when it had none (OpenAI's chat chunks)
 * @param data its {@code data:} lines joined with newlines
 */
public record SseEvent(String name, String data) {

    public SseEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
    }

    /** An event with no name, as OpenAI's chat and completion chunks come. */
    public static SseEvent data(String data) {
        return new SseEvent("", data);
    }
}
