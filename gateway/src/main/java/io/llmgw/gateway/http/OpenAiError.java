package io.llmgw.gateway.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Every error the gateway returns, in OpenAI's wire shape
 * {@code {"error": {"message", "type", "param", "code"}}}. The kinds of failure and their
 * statuses are named here and nowhere else; {@link ErrorMapper} turns exceptions into them.
 *
 * @param status HTTP status
 * @param type OpenAI error type, such as {@code invalid_request_error}
 * @param code stable snake_case code, such as {@code model_not_found}; also the metric tag
 * @param param request parameter at fault, or {@code null}
 * @param message human-readable explanation, never a stack trace
 */
public record OpenAiError(int status, String type, String code, String param, String message) {

    public OpenAiError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    static OpenAiError invalidApiKey(String message) {
        return new OpenAiError(401, "invalid_request_error", "invalid_api_key", null, message);
    }

    static OpenAiError invalidRequest(String param, String message) {
        return new OpenAiError(400, "invalid_request_error", "invalid_request", param, message);
    }

    static OpenAiError bodyTooLarge(long limit) {
        return new OpenAiError(400, "invalid_request_error", "request_too_large", null,
                "The request body is larger than the gateway's limit of " + limit + " bytes.");
    }

    static OpenAiError modelNotFound(String model) {
        return new OpenAiError(404, "invalid_request_error", "model_not_found", "model",
                "The model '" + model + "' does not exist or you do not have access to it.");
    }

    static OpenAiError notFound(String path) {
        return new OpenAiError(404, "invalid_request_error", "not_found", null, "No such endpoint: " + path);
    }

    /**
     * A request refused by the HTTP layer itself: malformed framing, headers or URI, or a
     * 4xx raised by the router. Only the status's reason phrase is told: the parser's own
     * message may quote the request back.
     */
    static OpenAiError malformedHttp(int status, String reason) {
        String code = status == 505 ? "http_version_not_supported" : status >= 500 ? "internal_error" : "invalid_request";
        return new OpenAiError(status, typeOf(status), code, null, "The request was refused: " + reason + ".");
    }

    static OpenAiError methodNotAllowed(String method, String path, String allowed) {
        return new OpenAiError(405, "invalid_request_error", "method_not_allowed", null,
                method + " is not allowed on " + path + "; use " + allowed + ".");
    }

    /** A policy deny: status and code from the decision, the type from the status. */
    static OpenAiError denied(int status, String code, String message) {
        return new OpenAiError(status, typeOf(status), code, "model", message);
    }

    static OpenAiError authzUnavailable() {
        return new OpenAiError(503, "service_unavailable_error", "authz_unavailable", null,
                "The access policy could not be consulted; the request was not forwarded. Retry later.");
    }

    /** A decision carrying an obligation this gateway does not know: fail closed, like no decision. */
    static OpenAiError obligationNotUnderstood() {
        return new OpenAiError(503, "service_unavailable_error", "obligation_not_understood", null,
                "The access policy's decision carries an obligation this gateway does not understand; the request"
                        + " was not forwarded.");
    }

    /** A rate limit of the policy reached: 429 with the policy's reason code. */
    static OpenAiError policyRateLimited(String code, String message) {
        return new OpenAiError(429, typeOf(429), code, null, message);
    }

    /** The gateway refused the request to protect itself (OpenAI's shape for rate limits). */
    static OpenAiError rateLimited(String message) {
        return new OpenAiError(429, typeOf(429), "rate_limit_exceeded", null, message);
    }

    static OpenAiError upstreamTimeout() {
        return new OpenAiError(504, "timeout_error", "upstream_timeout", null,
                "The model provider did not answer in time.");
    }

    static OpenAiError upstreamUnreachable() {
        return new OpenAiError(502, "api_error", "upstream_unreachable", null, "The model provider could not be reached.");
    }

    static OpenAiError upstreamTooLarge() {
        return new OpenAiError(502, "api_error", "upstream_response_too_large", null,
                "The model provider's answer was larger than the gateway accepts.");
    }

    static OpenAiError upstreamStalled() {
        return new OpenAiError(504, "timeout_error", "upstream_stalled", null,
                "The model provider stopped sending in the middle of the answer.");
    }

    /**
     * The model is served by a deployment the gateway cannot call (it loads such entries of a
     * LiteLLM config, and tells a caller that is allowed the model why the call cannot be made).
     */
    static OpenAiError providerNotSupported(String reason) {
        return new OpenAiError(501, "invalid_request_error", "provider_not_supported", "model",
                "The model's deployment cannot be called through this gateway: " + reason + ".");
    }

    /** A stream event that is not what the API sends: not a JSON object with a {@code type}. */
    static OpenAiError upstreamStreamMalformed() {
        return new OpenAiError(502, "api_error", "upstream_stream_malformed", null,
                "The model provider sent a malformed event stream; the rest of it was not passed on.");
    }

    /** A stream that ended before the event that closes it in its API. */
    static OpenAiError upstreamStreamTruncated() {
        return new OpenAiError(502, "api_error", "upstream_stream_truncated", null,
                "The model provider's stream ended before its last event; the answer is incomplete.");
    }

    /** An operation the gateway knows of but does not offer. */
    static OpenAiError notSupported(String what, String why) {
        return new OpenAiError(501, "invalid_request_error", "not_supported", null, what + " is not supported by"
                + " this gateway: " + why);
    }

    /** The gateway's own credentials for the provider were refused: not the client's key. */
    static OpenAiError upstreamAuthFailed() {
        return new OpenAiError(502, "api_error", "upstream_auth_failed", null,
                "The gateway could not authenticate to the model provider. This is not a problem with your API key;"
                        + " the request was not served.");
    }

    /** A provider failure whose body is kept from the client. */
    static OpenAiError upstreamFailed(int status) {
        return new OpenAiError(502, "api_error", "upstream_error", null,
                "The model provider failed to answer (status " + status + ").");
    }

    /** A provider's refusal of the client's request: its status, and a message fit to pass on. */
    static OpenAiError upstreamRefused(int status, String type, String code, String param, String message) {
        return new OpenAiError(status, type == null ? typeOf(status) : type, code == null ? "upstream_error" : code,
                param, message == null || message.isBlank()
                        ? "The model provider refused the request (status " + status + ")." : message);
    }

    static OpenAiError internal() {
        return new OpenAiError(500, "server_error", "internal_error", null,
                "The gateway failed to handle the request; see its log for the request id.");
    }

    /** OpenAI's error type for a status. */
    static String typeOf(int status) {
        return switch (status) {
            case 400, 404, 405, 413, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    /** The JSON body. */
    ObjectNode body() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error").put("message", message).put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        error.put("code", code);
        return root;
    }
}
