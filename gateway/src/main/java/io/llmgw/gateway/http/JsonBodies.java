package io.llmgw.gateway.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Reads a request body into one array, within the body-size limit and the body memory all
 * requests together may hold: a declared length is reserved before anything is read (and
 * refused past either bound), a chunked body reserves as it grows. The array is the only copy
 * the gateway makes: it is validated and forwarded from there.
 */
final class JsonBodies {

    /** Strict about what follows the body's JSON value: {@code {...} garbage} is not JSON. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int FIRST_CHUNK = 16 * 1024;

    private JsonBodies() {}

    /**
     * A body in memory: its first {@code length} bytes, and the memory reservation to close
     * once it is no longer needed.
     */
    record Held(byte[] bytes, int length, AdmissionControl.Place reservation) implements AutoCloseable {
        @Override
        public void close() {
            reservation.close();
        }
    }

    static Held read(ServerRequest req, ServerResponse res, long limit, AdmissionControl admission) {
        OptionalLong declared = req.headers().contentLength();
        if (declared.orElse(0) > limit) {
            throw new ApiException(OpenAiError.bodyTooLarge(limit));
        }
        int capacity = (int) (declared.isPresent() ? declared.getAsLong() : Math.min(FIRST_CHUNK, limit + 1));
        AdmissionControl.Place reservation = admission.reserveBody(capacity, res);
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = new byte[capacity];
            int length = in.readNBytes(bytes, 0, capacity);
            if (declared.isPresent()) {
                if (length < capacity) {
                    throw unreadable();
                }
                return utf8(new Held(bytes, length, reservation), res, admission);
            }
            // Chunked: double the array until the body ends or passes the limit, reserving first.
            while (length == bytes.length && length <= limit) {
                int grown = (int) Math.min(Integer.MAX_VALUE - 8, Math.min(limit + 1, 2L * bytes.length));
                AdmissionControl.Place larger = admission.reserveBody(grown, res);
                bytes = Arrays.copyOf(bytes, grown);
                reservation.close();
                reservation = larger;
                length += in.readNBytes(bytes, length, grown - length);
            }
            if (length > limit) {
                throw new ApiException(OpenAiError.bodyTooLarge(limit));
            }
            return utf8(new Held(bytes, length, reservation), res, admission);
        } catch (IOException | RuntimeException e) {
            reservation.close();
            if (e instanceof ApiException api) {
                throw api;
            }
            // The client's framing failed: a body shorter than its Content-Length, or a bad
            // chunk. Helidon reports these as unchecked exceptions of its own.
            throw unreadable();
        }
    }

    /**
     * The body in UTF-8. JSON may come in UTF-16 or UTF-32 (a zero byte among the first four);
     * such a body is re-encoded, once, so that the model's value can be found by byte offset.
     * One that does not parse is left as it is, for validation to refuse.
     */
    private static Held utf8(Held body, ServerResponse res, AdmissionControl admission) {
        byte[] b = body.bytes();
        boolean wide = false;
        for (int i = 0; i < Math.min(4, body.length()); i++) {
            wide |= b[i] == 0 || (b[i] & 0xFE) == 0xFE;
        }
        if (!wide) {
            return body;
        }
        byte[] encoded;
        try (var parser = JSON.getFactory().createParser(b, 0, body.length())) {
            var tree = JSON.readTree(parser);
            if (tree == null || parser.nextToken() != null) {
                return body;
            }
            encoded = JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            return body;
        }
        AdmissionControl.Place reservation = admission.reserveBody(encoded.length, res);
        body.close();
        return new Held(encoded, encoded.length, reservation);
    }

    private static ApiException unreadable() {
        return new ApiException(OpenAiError.invalidRequest(null,
                "The request body could not be read: it ended early or its framing is malformed."));
    }
}
