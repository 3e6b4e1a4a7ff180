package io.llmgw.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.llmgw.gateway.upstream.EventStream;
import io.llmgw.gateway.upstream.UpstreamReply;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * Passes upstream answers to the client: the {@code model} field renamed to the name the
 * client asked for, errors with the upstream's status, streams event by event. When the client
 * goes away mid-stream, the upstream stream is closed, which cancels the upstream call.
 */
final class Relay {

    private static final Logger LOG = Logger.getLogger(Relay.class.getName());
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final ErrorMapper errors;

    Relay(ErrorMapper errors) {
        this.errors = errors;
    }

    void complete(ServerResponse res, UpstreamReply.Complete reply, String requested) {
        boolean success = reply.status() / 100 == 2;
        JsonNode json = parse(reply.body());
        if (!success && !(json != null && json.path("error").isObject())) {
            // Not OpenAI's error shape: keep the status, wrap the text.
            String text = new String(reply.body(), StandardCharsets.UTF_8).strip();
            errors.send(res, OpenAiError.upstream(reply.status(), text.length() > 500 ? text.substring(0, 500) : text));
            return;
        }
        res.status(Status.create(reply.status()));
        if (json instanceof ObjectNode object && success && object.has("model")) {
            object.put("model", requested);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(object.toString());
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, reply.contentType());
        res.send(reply.body());
    }

    void stream(ServerResponse res, EventStream events, String requested) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        try (events; OutputStream out = res.outputStream()) {
            String data;
            while ((data = next(events)) != null) {
                if (!write(out, ("data: " + rename(data, requested) + "\n\n").getBytes(StandardCharsets.UTF_8))) {
                    return;
                }
            }
            write(out, DONE);
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "stream ended early: " + e);
        }
    }

    /** The next event, or an error event when the upstream broke off mid-stream. */
    private static String next(EventStream events) {
        try {
            return events.next();
        } catch (IOException e) {
            LOG.warning(() -> "upstream_unreachable: stream broke off: " + e.getMessage());
            events.close();
            return OpenAiError.upstreamUnreachable().body().toString();
        }
    }

    /** Writes and flushes one event; false when the client is gone. */
    private static boolean write(OutputStream out, byte[] event) {
        try {
            out.write(event);
            out.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "client went away mid-stream; cancelling the upstream call");
            return false;
        }
    }

    private static String rename(String data, String requested) {
        JsonNode json = parse(data.getBytes(StandardCharsets.UTF_8));
        if (json instanceof ObjectNode object && object.has("model")) {
            object.put("model", requested);
            return object.toString();
        }
        return data;
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return JsonBodies.JSON.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }
}
