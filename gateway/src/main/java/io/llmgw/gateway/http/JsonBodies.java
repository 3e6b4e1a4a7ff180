package io.llmgw.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a request body as a JSON object, refusing it past the configured size before it is
 * all in memory.
 */
final class JsonBodies {

    /** Strict about what follows the body's JSON value: {@code {...} garbage} is not JSON. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonBodies() {}

    static ObjectNode read(ServerRequest req, long limit) {
        if (req.headers().contentLength().orElse(0) > limit) {
            throw new ApiException(OpenAiError.bodyTooLarge(limit));
        }
        byte[] bytes;
        try (InputStream in = req.content().inputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException | RuntimeException e) {
            // The client's framing failed: a body shorter than its Content-Length, or a bad
            // chunk. Helidon reports these as unchecked exceptions of its own.
            throw new ApiException(OpenAiError.invalidRequest(null,
                    "The request body could not be read: it ended early or its framing is malformed."));
        }
        if (bytes.length > limit) {
            throw new ApiException(OpenAiError.bodyTooLarge(limit));
        }
        JsonNode body;
        try {
            body = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ApiException(OpenAiError.invalidRequest(null,
                    "The request body is not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body == null || !(body instanceof ObjectNode object)) {
            throw new ApiException(OpenAiError.invalidRequest(null, "The request body must be a JSON object."));
        }
        return object;
    }
}
