package io.llmgw.gateway.upstream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The {@code data} payloads of a {@code text/event-stream} body, as the server-sent events
 * specification frames them: {@code data:} lines joined until a blank line, comments and other
 * fields skipped, the stream over at OpenAI's {@code [DONE]} or at the end of the body.
 */
final class SseEvents implements EventStream {

    private static final String DONE = "[DONE]";

    private final InputStream body;
    private final BufferedReader lines;
    private boolean finished;

    SseEvents(InputStream body) {
        this.body = body;
        this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    @Override
    public String next() throws IOException {
        StringBuilder data = null;
        while (!finished) {
            String line = lines.readLine();
            if (line == null) {
                finished = true;
                break;
            }
            if (line.isEmpty()) {
                if (data != null) {
                    break;
                }
                continue;
            }
            if (line.startsWith("data:")) {
                String value = line.substring(line.startsWith("data: ") ? 6 : 5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        if (data == null || DONE.contentEquals(data)) {
            finished = true;
            return null;
        }
        return data.toString();
    }

    @Override
    public void close() {
        finished = true;
        try {
            // Closing the body before its end makes the JDK client drop the connection,
            // which is how the upstream learns the call is cancelled.
            body.close();
        } catch (IOException e) {
            // Already broken; nothing is left to cancel.
        }
    }
}
