package io.llmgw.gateway.upstream;

import java.io.IOException;

/**
 * The {@code data} payloads of an upstream's server-sent events, without the closing
 * {@code [DONE]}. Closing it before the end cancels the upstream call, which is what happens
 * when the client goes away.
 */
public interface EventStream extends AutoCloseable {

    /** The next payload, or {@code null} at the end of the stream. */
    String next() throws IOException;

    /** Ends the stream; cancels the upstream call when it has not finished. Never throws. */
    @Override
    void close();
}
