package io.llmgw.gateway.upstream;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A request body on its way upstream: the client's bytes as read, with the value of the
 * top-level {@code model} field replaced by the resolved name. Nothing is copied: the body is
 * sent as the bytes before the value, the new value, and the bytes after it.
 *
 * @param bytes the client's body (the first {@code length} bytes)
 * @param length bytes of the body in {@code bytes}
 * @param modelStart offset of the model value's opening quote
 * @param modelEnd offset just past its closing quote
 * @param model the resolved model name written in its place
 */
public record ForwardedBody(byte[] bytes, int length, int modelStart, int modelEnd, String model) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ForwardedBody {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(model, "model");
        if (length < 0 || length > bytes.length || modelStart < 0 || modelStart > modelEnd || modelEnd > length) {
            throw new IllegalArgumentException("model value [" + modelStart + ", " + modelEnd + ") is not inside "
                    + length + " bytes");
        }
    }

    /** The body as the HTTP client sends it, in three slices of the arrays it already has. */
    public HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArray(bytes, 0, modelStart),
                HttpRequest.BodyPublishers.ofByteArray(quotedModel()),
                HttpRequest.BodyPublishers.ofByteArray(bytes, modelEnd, length - modelEnd));
    }

    /**
     * The body as a JSON tree, built on demand: only the built-in mock, which answers from the
     * request's content, asks for one.
     */
    public JsonNode json() {
        try (var parser = JSON.getFactory().createParser(bytes, 0, length)) {
            return JSON.readTree(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] quotedModel() {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(model);
        byte[] quoted = new byte[escaped.length + 2];
        quoted[0] = '"';
        System.arraycopy(escaped, 0, quoted, 1, escaped.length);
        quoted[quoted.length - 1] = '"';
        return quoted;
    }

    /** The whole body with the model replaced, as text (tests and logs of small bodies). */
    @Override
    public String toString() {
        return new String(bytes, 0, modelStart, StandardCharsets.UTF_8) + new String(quotedModel(), StandardCharsets.UTF_8)
                + new String(bytes, modelEnd, length - modelEnd, StandardCharsets.UTF_8);
    }
}
