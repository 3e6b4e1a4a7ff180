package io.llmgw.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgw.gateway.models.Fallbacks;
import io.llmgw.gateway.upstream.UpstreamException;
import io.llmgw.gateway.upstream.UpstreamReply;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/** What one upstream call's ending means for the request: answer it, try again, or try another model. */
enum TryVerdict {
    /** An answer (a 2xx body, or a stream that started): relay it. */
    OK,
    /** No connection, 429 or 5xx: the same model again, then its fallbacks. */
    RETRY,
    /**
     * Worth another model but not the same one again: a timeout (its time is spent), the
     * gateway's credentials refused, a deployment the gateway cannot call.
     */
    FALLBACK,
    /** The upstream said the request is longer than the model's context window. */
    CONTEXT_WINDOW,
    /** A refusal of the request itself (400, 404, 422, ...), or an answer too large: relay it. */
    FINAL,
    /** A fallback the policy refused: never called. */
    DENIED;

    /** OpenAI's code, and the words other servers (vLLM, Anthropic's compatibility layer) use. */
    private static final Pattern CONTEXT_WINDOW_WORDS = Pattern.compile(
            "context[_ ]length|context window|maximum context|prompt is too long|too many tokens",
            Pattern.CASE_INSENSITIVE);

    /** Which fallbacks the catalog offers after this, if any. */
    Optional<Fallbacks.Trigger> fallbackTrigger() {
        return switch (this) {
            case FALLBACK -> Optional.of(Fallbacks.Trigger.FAILURE);
            case CONTEXT_WINDOW -> Optional.of(Fallbacks.Trigger.CONTEXT_WINDOW);
            case OK, RETRY, FINAL, DENIED -> Optional.empty();
        };
    }

    static TryVerdict of(UpstreamReply reply) {
        return switch (reply) {
            case UpstreamReply.Streaming streaming -> OK;
            case UpstreamReply.Complete complete -> of(complete);
        };
    }

    private static TryVerdict of(UpstreamReply.Complete reply) {
        int status = reply.status();
        if (status / 100 == 2) {
            return OK;
        }
        if (status == 429 || status >= 500) {
            return RETRY;
        }
        if (status == 401 || status == 403 || status == 407) {
            return FALLBACK;
        }
        return (status == 400 || status == 413 || status == 422) && contextWindowExceeded(reply.body())
                ? CONTEXT_WINDOW : FINAL;
    }

    static TryVerdict of(UpstreamException failure) {
        return switch (failure.kind()) {
            case UNREACHABLE -> RETRY;
            case TIMEOUT, UNSUPPORTED -> FALLBACK;
            case TOO_LARGE, STALLED -> FINAL;
        };
    }

    private static boolean contextWindowExceeded(byte[] body) {
        try {
            JsonNode error = JsonBodies.JSON.readTree(body).path("error");
            String words = error.path("code").asText("") + " " + error.path("type").asText("") + " "
                    + error.path("message").asText("");
            return CONTEXT_WINDOW_WORDS.matcher(words).find();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
