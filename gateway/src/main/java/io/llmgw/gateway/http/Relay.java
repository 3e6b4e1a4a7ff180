package io.llmgw.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.llmgw.gateway.limits.RateLimiter;
import io.llmgw.gateway.logging.LogText;
import io.llmgw.gateway.models.ModelResolution;
import io.llmgw.gateway.upstream.EventStream;
import io.llmgw.gateway.upstream.SseEvent;
import io.llmgw.gateway.upstream.UpstreamException;
import io.llmgw.gateway.upstream.UpstreamReply;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * Passes upstream answers to the client: the {@code model} field renamed to the name the
 * client asked for, errors as {@link UpstreamErrors} maps them (in the route's API shape),
 * streams event by event in their API's shape ({@link ClientStream}). When the client goes away
 * mid-stream, the upstream stream is closed, which cancels the upstream call.
 */
final class Relay {

    private static final Logger LOG = Logger.getLogger(Relay.class.getName());

    private final ErrorMapper errors;

    Relay(ErrorMapper errors) {
        this.errors = errors;
    }

    /** A whole answer; the tokens of its {@code usage} count against the call's rate limits. */
    void complete(ServerResponse res, UpstreamReply.Complete reply, ModelResolution model, ClientApi api,
            RateLimiter.Admission limits) {
        if (reply.status() / 100 != 2) {
            OpenAiError error = UpstreamErrors.map(reply, model, requestId(res));
            if (error.status() == 429) {
                // A provider's rate limit keeps its meaning, and its advice on when to retry.
                reply.retryAfter().ifPresent(after -> res.header(HeaderNames.RETRY_AFTER, after));
            }
            errors.send(res, error, api);
            return;
        }
        JsonNode json = parse(reply.body());
        if (json != null) {
            limits.recordTokens(usageTokens(json));
        }
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

    /**
     * A stream, event by event; the tokens of the events' usage count against the call's rate
     * limits (read only when a limit counts tokens), also when the client goes away. With
     * {@code dropUsageEvent} the usage-only event (no choices) that the gateway asked for, and
     * the client did not, is not passed on.
     */
    void stream(ServerResponse res, EventStream events, ModelResolution model, CallRoute route,
            RateLimiter.Admission limits, boolean dropUsageEvent) {
        String requestId = requestId(res);
        var client = new ClientStream(route.endpoint(), model.requested());
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        // Closing the events (at the end, or when the client is gone) cancels the upstream call.
        try (events; OutputStream out = res.outputStream()) {
            while (!client.ended()) {
                SseEvent event;
                try {
                    event = events.next();
                } catch (IOException | UpstreamException e) {
                    write(out, client.error(broke(e, requestId)));
                    return;
                }
                if (event == null) {
                    write(out, client.finish());
                    return;
                }
                if (limits.countsTokens() && event.data().contains("usage")) {
                    JsonNode json = parse(event.data().getBytes(StandardCharsets.UTF_8));
                    if (json != null) {
                        limits.recordTokens(usageTokens(json));
                        if (dropUsageEvent && json.path("usage").isObject() && json.path("choices").isEmpty()) {
                            continue;
                        }
                    }
                }
                byte[] bytes = client.event(event);
                if (bytes == null) {
                    LOG.warning(() -> "upstream_stream_malformed request_id=" + requestId + " event="
                            + LogText.quote(event.data().length() > 200 ? event.data().substring(0, 200) : event.data()));
                    bytes = client.error(OpenAiError.upstreamStreamMalformed());
                }
                if (!write(out, bytes)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "stream ended early: " + e);
        }
    }

    /**
     * The error that ends a stream the upstream broke off, let fall silent or sent an event over
     * the limit in: the last event the client gets.
     */
    private static OpenAiError broke(Exception e, String requestId) {
        OpenAiError error = e instanceof UpstreamException upstream ? ErrorMapper.upstreamError(upstream)
                : OpenAiError.upstreamUnreachable();
        LOG.warning(() -> error.code() + " request_id=" + requestId + " stream ended: " + LogText.quote(e.getMessage()));
        return error;
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

    /**
     * The tokens an answer or event reports: OpenAI's {@code usage.total_tokens}, the Responses
     * API's {@code response.usage}, Anthropic's input and output tokens ({@code usage}, or
     * {@code message.usage} in its first stream event); 0 when it reports none.
     */
    static long usageTokens(JsonNode json) {
        JsonNode usage = json.path("usage");
        if (!usage.isObject()) {
            usage = json.path("response").path("usage").isObject() ? json.path("response").path("usage")
                    : json.path("message").path("usage");
        }
        if (usage.has("total_tokens")) {
            return usage.path("total_tokens").asLong(0);
        }
        return usage.path("input_tokens").asLong(0) + usage.path("output_tokens").asLong(0);
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return JsonBodies.JSON.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }
}
