package io.llmgw.gateway.upstream;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A request body on its way upstream: the client's bytes as read, with the value of the
 * top-level {@code model} field replaced by the resolved name and any {@link Edit}s the
 * policy's obligations asked for (an output-token limit lowered or added). The body is never
 * copied whole: it is sent as slices of the bytes it already has, with the new values between
 * them, a buffer at a time.
 *
 * @param bytes the client's body (the first {@code length} bytes)
 * @param length bytes of the body in {@code bytes}
 * @param modelStart offset of the model value's opening quote
 * @param modelEnd offset just past its closing quote
 * @param model the resolved model name written in its place
 * @param edits further replacements, in body order, none overlapping another or the model value
 * @param insertModel whether the body has no {@code model} (Azure's routes take it from the
 *     path): a {@code "model": ...,} field is inserted at {@code modelStart} ({@code == modelEnd}),
 *     just past the object's opening brace (the object is never empty then: every endpoint
 *     requires a field)
 */
public record ForwardedBody(byte[] bytes, int length, int modelStart, int modelEnd, String model, List<Edit> edits,
        boolean insertModel) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Largest body copied whole when sent: one buffer the size of a small body costs less than
     * the JDK's streaming publisher, whose buffers are 16 KiB each.
     */
    static final int COPIED_UP_TO = 16 * 1024;

    /**
     * The bytes {@code [start, end)} of the body replaced by {@code replacement}; an insertion
     * when {@code start == end}.
     *
     * @param start offset of the first byte replaced
     * @param end offset just past the last byte replaced
     * @param replacement what the upstream gets instead, UTF-8 JSON text
     */
    public record Edit(int start, int end, String replacement) {
        public Edit {
            Objects.requireNonNull(replacement, "replacement");
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("edit [" + start + ", " + end + ") is not a range");
            }
        }
    }

    public ForwardedBody {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(model, "model");
        if (length < 0 || length > bytes.length || modelStart < 0 || modelStart > modelEnd || modelEnd > length) {
            throw new IllegalArgumentException("model value [" + modelStart + ", " + modelEnd + ") is not inside "
                    + length + " bytes");
        }
        edits = edits.stream().sorted(Comparator.comparingInt(Edit::start)).toList();
        int at = 0;
        for (Edit edit : edits) {
            boolean overlapsModel = edit.start() < modelEnd && edit.end() > modelStart
                    || edit.start() == edit.end() && edit.start() >= modelStart && edit.start() < modelEnd;
            if (edit.start() < at || edit.end() > length || overlapsModel) {
                throw new IllegalArgumentException("edit [" + edit.start() + ", " + edit.end()
                        + ") overlaps another edit, the model value or the end of the body");
            }
            at = edit.end();
        }
        if (insertModel && modelStart != modelEnd) {
            throw new IllegalArgumentException("an inserted model replaces nothing");
        }
    }

    /** The body with the model value replaced and {@code edits} applied. */
    public ForwardedBody(byte[] bytes, int length, int modelStart, int modelEnd, String model, List<Edit> edits) {
        this(bytes, length, modelStart, modelEnd, model, edits, false);
    }

    /** The body with only the model replaced. */
    public ForwardedBody(byte[] bytes, int length, int modelStart, int modelEnd, String model) {
        this(bytes, length, modelStart, modelEnd, model, List.of());
    }

    /** The same body with {@code more} edits as well. */
    public ForwardedBody withEdits(List<Edit> more) {
        List<Edit> all = new ArrayList<>(edits);
        all.addAll(more);
        return new ForwardedBody(bytes, length, modelStart, modelEnd, model, all, insertModel);
    }

    /**
     * The body as the HTTP client sends it, with its exact length (no chunked encoding). A body
     * of at most {@value #COPIED_UP_TO} bytes is copied into buffers of its slices' sizes when the
     * request starts, as the JDK's {@code ofByteArray} does; a larger one is read from the slices
     * of the arrays it already has one buffer at a time, as the connection takes them, so that a
     * large body is never held twice (admission control reserved its size once).
     */
    public HttpRequest.BodyPublisher publisher() {
        long[] size = {0};
        slices((from, to) -> size[0] += to - from, text -> size[0] += text.length);
        if (size[0] <= COPIED_UP_TO) {
            List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
            slices((from, to) -> parts.add(HttpRequest.BodyPublishers.ofByteArray(bytes, from, to - from)),
                    text -> parts.add(HttpRequest.BodyPublishers.ofByteArray(text)));
            return HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new));
        }
        // A new stream for each subscription: the client subscribes again when it resends.
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(this::stream),
                size[0]);
    }

    /** The body as sent, read from the client's bytes and the new values in order. */
    private InputStream stream() {
        List<InputStream> parts = new ArrayList<>();
        slices((from, to) -> parts.add(new ByteArrayInputStream(bytes, from, to - from)),
                text -> parts.add(new ByteArrayInputStream(text)));
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    /**
     * The body as a JSON tree, built on demand: only the built-in mock, which answers from the
     * request's content, asks for one.
     */
    public JsonNode json() {
        byte[] whole = joined();
        try (var parser = JSON.getFactory().createParser(whole)) {
            return JSON.readTree(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole body as sent, as text (tests and logs of small bodies). */
    @Override
    public String toString() {
        return new String(joined(), StandardCharsets.UTF_8);
    }

    private byte[] joined() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 64);
        slices((from, to) -> out.write(bytes, from, to - from), out::writeBytes);
        return out.toByteArray();
    }

    /** Walks the body in order: {@code original} for each run of the client's bytes, {@code written} for each new value. */
    private void slices(Slice original, java.util.function.Consumer<byte[]> written) {
        List<Edit> all = new ArrayList<>(edits);
        all.add(new Edit(modelStart, modelEnd, insertModel ? "\"model\":" + quoted(model) + "," : quoted(model)));
        all.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end));
        int at = 0;
        for (Edit edit : all) {
            if (edit.start() > at) {
                original.accept(at, edit.start());
            }
            written.accept(edit.replacement().getBytes(StandardCharsets.UTF_8));
            at = edit.end();
        }
        if (length > at) {
            original.accept(at, length);
        }
    }

    @FunctionalInterface
    private interface Slice {
        void accept(int from, int to);
    }

    private static String quoted(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}
