package io.llmgw.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The events of a {@code text/event-stream} body as a test reads them. */
public final class SseFrames {

    /**
     * One event.
     *
     * @param name its {@code event:} name, empty when none
     * @param data its data
     */
    public record Frame(String name, String data) {
        /** The data as JSON. */
        public JsonNode json() {
            return Http.json(data);
        }
    }

    private SseFrames() {}

    /** The events of {@code body}, in order. */
    public static List<Frame> parse(String body) {
        List<Frame> frames = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String name = "";
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
            if (data != null) {
                frames.add(new Frame(name, data.toString()));
            }
        }
        return frames;
    }
}
