package io.llmgw.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgw.gateway.logging.LogText;
import io.llmgw.gateway.logging.Redaction;
import io.llmgw.gateway.models.ModelResolution;
import io.llmgw.gateway.upstream.UpstreamReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * What a client is told when an upstream answers with an error status. The full body goes to
 * the gateway's log only (escaped, credentials redacted):
 * <ul>
 *   <li>401, 403 and 407 mean the gateway's provider credentials failed, not the client's key:
 *       502 {@code upstream_auth_failed}, with a fixed message, since such bodies quote key
 *       fragments ("Incorrect API key provided: sk-abc***wxyz").
 *   <li>Other 4xx (400 bad parameters, 404 model, 413, 422, 429 rate limit) concern the
 *       client's request and keep their status; of an OpenAI-shaped body only {@code message}
 *       (credentials, URLs and internal addresses redacted, the upstream model name replaced by
 *       the name the client sent, cut to 500 characters), and {@code type}, {@code code} and
 *       {@code param} when they are plain tokens, are passed on: what the client needs to fix
 *       the request, nothing of the provider's internals. Any other body is replaced by a
 *       generic message.
 *   <li>5xx and anything else: 502 {@code upstream_error}; provider failures often carry
 *       internal hosts and stack traces.
 * </ul>
 */
final class UpstreamErrors {

    private static final Logger LOG = Logger.getLogger(UpstreamErrors.class.getName());
    private static final int MAX_MESSAGE = 500;
    private static final int MAX_LOGGED = 2000;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    private UpstreamErrors() {}

    /** The error for {@code reply} (not 2xx) to a call for {@code model}; logs the detail. */
    static OpenAiError map(UpstreamReply.Complete reply, ModelResolution model, String requestId) {
        int status = reply.status();
        String secret = model.deployment().apiKey().value();
        OpenAiError error;
        if (status == 401 || status == 403 || status == 407) {
            error = OpenAiError.upstreamAuthFailed();
        } else if (status / 100 == 4) {
            error = refused(status, reply.body(), model, secret);
        } else {
            error = OpenAiError.upstreamFailed(status);
        }
        String body = new String(reply.body(), StandardCharsets.UTF_8);
        String logged = Redaction.secrets(body.length() > MAX_LOGGED ? body.substring(0, MAX_LOGGED) : body, secret);
        Level level = status / 100 == 4 && error.status() == status ? Level.INFO : Level.WARNING;
        LOG.log(level, () -> error.code() + " request_id=" + requestId + " deployment="
                + LogText.quote(model.deployment().id()) + " upstream_status=" + status + " upstream_body="
                + LogText.quote(logged));
        return error;
    }

    private static OpenAiError refused(int status, byte[] body, ModelResolution model, String secret) {
        JsonNode error = parse(body).path("error");
        if (!error.isObject()) {
            return OpenAiError.upstreamRefused(status, null, null, null, null);
        }
        String message = error.path("message").isTextual() ? error.path("message").asText() : "";
        if (!model.resolved().isEmpty() && !model.resolved().equals(model.requested())) {
            message = message.replace(model.resolved(), model.requested());
        }
        message = Redaction.forClient(message, secret);
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE);
        }
        return OpenAiError.upstreamRefused(status, token(error.path("type")), token(error.path("code")),
                token(error.path("param")), message);
    }

    private static String token(JsonNode value) {
        return value.isTextual() && TOKEN.matcher(value.asText()).matches() ? value.asText() : null;
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode json = JsonBodies.JSON.readTree(body);
            return json == null ? JsonBodies.JSON.missingNode() : json;
        } catch (IOException e) {
            return JsonBodies.JSON.missingNode();
        }
    }
}
