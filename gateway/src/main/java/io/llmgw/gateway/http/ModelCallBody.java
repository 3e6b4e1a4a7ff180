package io.llmgw.gateway.http;

import io.llmgw.gateway.upstream.ForwardedBody;

/**
 * A validated model-call body: what the gateway needs of it, and the bytes themselves.
 *
 * @param held the body as read, with its memory reservation
 * @param model the model the client asked for
 * @param stream whether the client asked for a stream
 * @param modelStart offset of the model value's opening quote in the body
 * @param modelEnd offset just past its closing quote
 */
record ModelCallBody(JsonBodies.Held held, String model, boolean stream, int modelStart, int modelEnd) {

    /** The same bytes, to be sent with {@code resolved} as the model. */
    ForwardedBody forwarded(String resolved) {
        return new ForwardedBody(held.bytes(), held.length(), modelStart, modelEnd, resolved);
    }
}
