package io.llmgw.gateway.upstream;

import java.io.IOException;

/**
 * An upstream's server-sent events, without OpenAI's closing {@code [DONE]}. Closing it before
 * the end cancels the upstream call, which is what happens when the client goes away.
 */
public interface EventStream extends AutoCloseable {

    /** The next event, or {@code null} at the end of the stream. */
    SseEvent next() throws IOException;

    /** Ends the stream; cancels the upstream call when it has not finished. Never throws. */
    @Override
    void close();
}
