package io.llmgw.gateway.authz;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The generation parameters of one model call, normalized across endpoints, as the policy
 * sees them in {@code input.request.params}. Never the prompt or message text: only what the
 * parameters ask for (limits, tools by name, formats) and what kinds of content there are.
 *
 * @param maxOutputTokens the output-token limit asked for (max_tokens, max_completion_tokens or
 *     max_output_tokens); empty when none
 * @param n choices asked for; empty when not given
 * @param stream whether a streamed response was asked for
 * @param temperature sampling temperature; empty when not given
 * @param toolNames names of the tools offered, in request order
 * @param toolCount number of tools offered
 * @param toolChoice {@code none}, {@code auto}, {@code required}, or {@code function} for a
 *     forced named tool; empty when not given
 * @param responseFormat {@code response_format.type}; empty when not given
 * @param hasImages whether any message holds an image part
 * @param hasAudio whether any message holds an audio part, or audio output is asked for
 * @param reasoningEffort reasoning effort asked for; empty when not given
 * @param inputBytes size of the request body as received
 */
public record RequestParams(OptionalLong maxOutputTokens, OptionalLong n, boolean stream, OptionalDouble temperature,
        List<String> toolNames, int toolCount, String toolChoice, String responseFormat, boolean hasImages,
        boolean hasAudio, String reasoningEffort, long inputBytes) {

    public RequestParams {
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        Objects.requireNonNull(n, "n");
        Objects.requireNonNull(temperature, "temperature");
        toolNames = List.copyOf(toolNames);
        Objects.requireNonNull(toolChoice, "toolChoice");
        Objects.requireNonNull(responseFormat, "responseFormat");
        Objects.requireNonNull(reasoningEffort, "reasoningEffort");
        if (toolCount < 0 || inputBytes < 0) {
            throw new IllegalArgumentException("toolCount and inputBytes must not be negative");
        }
    }
}
