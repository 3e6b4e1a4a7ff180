package io.llmgw.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.llmgw.gateway.logging.LogText;
import io.llmgw.gateway.models.ModelResolution;
import io.llmgw.gateway.upstream.EventStream;
import io.llmgw.gateway.upstream.UpstreamException;
import io.llmgw.gateway.upstream.UpstreamReply;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * Passes upstream answers to the client: the {@code model} field renamed to the name the
 * client asked for, errors as {@link UpstreamErrors} maps them, streams event by event. When the client
 * goes away mid-stream, the upstream stream is closed, which cancels the upstream call.
 */
final class Relay {

    private static final Logger LOG = Logger.getLogger(Relay.class.getName());
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final ErrorMapper errors;

    Relay(ErrorMapper errors) {
        this.errors = errors;
    }

    void complete(ServerResponse res, UpstreamReply.Complete reply, ModelResolution model) {
        if (reply.status() / 100 != 2) {
            OpenAiError error = UpstreamErrors.map(reply, model, requestId(res));
            if (error.status() == 429) {
                // A provider's rate limit keeps its meaning, and its advice on when to retry.
                reply.retryAfter().ifPresent(after -> res.header(HeaderNames.RETRY_AFTER, after));
            }
            errors.send(res, error);
            return;
        }
        JsonNode json = parse(reply.body());
        res.status(Status.create(reply.status()));
        if (json instanceof ObjectNode object && object.has("model")) {
            object.put("model", model.requested());
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(object.toString());
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, reply.contentType());
        res.send(reply.body());
    }

    void stream(ServerResponse res, EventStream events, ModelResolution model) {
        String requested = model.requested();
        String requestId = requestId(res);
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        try (events; OutputStream out = res.outputStream()) {
            String data;
            while ((data = next(events, requestId)) != null) {
                if (!write(out, ("data: " + rename(data, requested) + "\n\n").getBytes(StandardCharsets.UTF_8))) {
                    return;
                }
            }
            write(out, DONE);
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "stream ended early: " + e);
        }
    }

    /**
     * The next event; at the upstream's end, null. When the upstream broke off, fell silent or
     * sent an event over the limit, the stream is closed (cancelling the call) and one error
     * event in OpenAI's shape is the last the client gets.
     */
    private static String next(EventStream events, String requestId) {
        try {
            return events.next();
        } catch (IOException | UpstreamException e) {
            OpenAiError error = e instanceof UpstreamException upstream ? ErrorMapper.upstreamError(upstream)
                    : OpenAiError.upstreamUnreachable();
            LOG.warning(() -> error.code() + " request_id=" + requestId + " stream ended: "
                    + LogText.quote(e.getMessage()));
            events.close();
            return error.body().toString();
        }
    }

    private static String requestId(ServerResponse res) {
        return res.headers().first(RequestMeta.REQUEST_ID).orElse("-");
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
