package io.llmgw.gateway.upstream;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A request body on its way upstream: the client's bytes as read, with the value of the
 * top-level {@code model} field replaced by the resolved name and any {@link Edit}s the
 * policy's obligations asked for (an output-token limit lowered or added). The body is never
 * copied whole: it is written as slices of the bytes it already has, with the new values
 * between them.
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

    /** Bytes of the body as sent: what its {@code Content-Length} says (never chunked). */
    public long size() {
        long[] size = {0};
        slices((from, to) -> size[0] += to - from, text -> size[0] += text.length);
        return size[0];
    }

    /**
     * Writes the body as sent to {@code out}: each run of the client's bytes straight from the
     * array it was read into, the new values between them, so a large body is never held twice
     * (admission control reserved its size once). It can be written again, for a retry.
     */
    public void writeTo(OutputStream out) throws IOException {
        try {
            slices((from, to) -> write(out, bytes, from, to - from), text -> write(out, text, 0, text.length));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void write(OutputStream out, byte[] from, int offset, int count) {
        try {
            out.write(from, offset, count);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
