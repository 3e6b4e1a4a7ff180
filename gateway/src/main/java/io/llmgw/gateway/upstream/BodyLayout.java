package io.llmgw.gateway.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where the top-level values an obligation may rewrite lie in a request body, found by the
 * same streaming pass that validated it, so that a rewrite is an {@link ForwardedBody.Edit}
 * of those bytes and never a copy of the body.
 *
 * @param objectStart offset of the body's opening brace; a field is added just after it
 * @param outputLimits the output-token limit fields present ({@code max_tokens},
 *     {@code max_completion_tokens}, {@code max_output_tokens}), in body order
 * @param streamOptions the {@code stream_options} object, when present
 */
public record BodyLayout(int objectStart, List<Field> outputLimits, Optional<StreamOptions> streamOptions) {

    public BodyLayout {
        outputLimits = List.copyOf(outputLimits);
        Objects.requireNonNull(streamOptions, "streamOptions");
    }

    /**
     * One top-level field's value.
     *
     * @param name the field
     * @param value its integer value; empty when it is {@code null}
     * @param start offset of the value's first byte
     * @param end offset just past its last byte
     */
    public record Field(String name, OptionalLong value, int start, int end) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The {@code stream_options} value: a small object, kept as a tree so it can be written
     * back with one option changed.
     *
     * @param value the object as sent
     * @param start offset of its opening brace
     * @param end offset just past its closing brace
     */
    public record StreamOptions(ObjectNode value, int start, int end) {
        public StreamOptions {
            Objects.requireNonNull(value, "value");
        }

        /** Whether the client asked for the usage event at the end of a stream. */
        public boolean includesUsage() {
            return value.path("include_usage").asBoolean(false);
        }
    }
}
