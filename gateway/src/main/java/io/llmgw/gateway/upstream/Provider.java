package io.llmgw.gateway.upstream;

/** Something that answers forwarded calls: an OpenAI-compatible upstream, or the built-in mock. */
public sealed interface Provider permits OpenAiCompatibleProvider, MockProvider {

    /**
     * Sends {@code call} and returns the answer, or the stream once it has started. An upstream
     * error status is an answer, not an exception.
     *
     * @throws UpstreamException when there is no answer in time or no connection
     */
    UpstreamReply send(UpstreamCall call);
}
