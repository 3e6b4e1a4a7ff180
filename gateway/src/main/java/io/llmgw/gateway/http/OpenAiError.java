package io.llmgw.gateway.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * Every error the gateway returns, in OpenAI's wire shape
 * {@code {"error": {"message", "type", "param", "code"}}}. HTTP errors are mapped here only.
 *
 * @param status HTTP status
 * @param type OpenAI error type, such as {@code invalid_request_error}
 * @param code stable snake_case code, such as {@code model_not_found}
 * @param param request parameter at fault, or {@code null}
 * @param message human-readable explanation
 */
public record OpenAiError(int status, String type, String code, String param, String message) {

    static OpenAiError invalidApiKey(String message) {
        return new OpenAiError(401, "invalid_request_error", "invalid_api_key", null, message);
    }

    static OpenAiError invalidRequest(String param, String message) {
        return new OpenAiError(400, "invalid_request_error", "invalid_request", param, message);
    }

    static OpenAiError modelNotFound(String model) {
        return new OpenAiError(404, "invalid_request_error", "model_not_found", "model",
                "The model '" + model + "' does not exist or you do not have access to it.");
    }

    static OpenAiError denied(int status, String code, String message) {
        return new OpenAiError(status, "permission_error", code, "model", message);
    }

    static OpenAiError authzUnavailable() {
        return new OpenAiError(503, "service_unavailable_error", "authz_unavailable", null,
                "The access policy could not be consulted; the request was not forwarded. Retry later.");
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

    /** Writes this error as the response. */
    void send(ServerResponse res) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body().toString());
    }
}
