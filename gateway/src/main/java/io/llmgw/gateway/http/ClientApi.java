package io.llmgw.gateway.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;

/**
 * The client API a route speaks, which decides how its key is presented and the shape of its
 * errors: OpenAI's ({@code Authorization: Bearer} or Azure's {@code api-key};
 * {@code {"error": {"message", "type", "param", "code"}}}) or Anthropic's ({@code x-api-key} or
 * {@code Authorization: Bearer}; {@code {"type": "error", "error": {"type", "message"}}}). The
 * kinds of error are the same for both ({@link OpenAiError}); only their rendering differs.
 */
enum ClientApi {
    /** OpenAI's API, and every route that is not Anthropic's. */
    OPENAI,
    /** Anthropic's Messages API. */
    ANTHROPIC;

    /** Sent by every Anthropic client; on a shared route such as {@code /v1/models} it picks Anthropic's shape. */
    static final HeaderName ANTHROPIC_VERSION = HeaderNames.create("anthropic-version");
    static final HeaderName API_KEY = HeaderNames.create("api-key");
    static final HeaderName X_API_KEY = HeaderNames.create("x-api-key");

    /** The API of {@code req}: the one its route registered, else Anthropic's when the client says it speaks it. */
    static ClientApi of(ServerRequest req) {
        return req.context().get(ClientApi.class)
                .orElseGet(() -> req.headers().contains(ANTHROPIC_VERSION) ? ANTHROPIC : OPENAI);
    }

    /** The headers a key may come in, besides {@code Authorization: Bearer}. */
    List<HeaderName> keyHeaders() {
        return switch (this) {
            case OPENAI -> List.of(API_KEY);
            case ANTHROPIC -> List.of(X_API_KEY);
        };
    }

    /** How to send a key, for the error that says none came. */
    String keyHint() {
        return switch (this) {
            case OPENAI -> "Send it as 'Authorization: Bearer <key>'.";
            case ANTHROPIC -> "Send it as 'x-api-key: <key>' or 'Authorization: Bearer <key>'.";
        };
    }

    /** The error body in this API's shape. */
    String errorBody(OpenAiError error, String requestId) {
        return switch (this) {
            case OPENAI -> error.body().toString();
            case ANTHROPIC -> anthropicError(error, requestId).toString();
        };
    }

    /** Anthropic's error document: {@code {"type": "error", "error": {"type", "message"}, "request_id"}}. */
    static ObjectNode anthropicError(OpenAiError error, String requestId) {
        ObjectNode root = JsonNodeFactory.instance.objectNode().put("type", "error");
        root.putObject("error").put("type", anthropicType(error)).put("message", error.message());
        root.put("request_id", requestId);
        return root;
    }

    /** Anthropic's error type for an error: by status, as Anthropic's API documents them. */
    static String anthropicType(OpenAiError error) {
        if ("request_too_large".equals(error.code())) {
            return "request_too_large";
        }
        return switch (error.status()) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> error.status() >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
