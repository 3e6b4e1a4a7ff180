package io.llmgw.gateway.http;

import io.llmgw.gateway.authz.RequestParams;
import io.llmgw.gateway.upstream.BodyLayout;
import io.llmgw.gateway.upstream.ForwardedBody;
import java.util.List;

/**
 * A validated model-call body: what the gateway needs of it, and the bytes themselves.
 *
 * @param held the body as read, with its memory reservation
 * @param model the model the client asked for
 * @param stream whether the client asked for a stream
 * @param modelStart offset of the model value's opening quote in the body
 * @param modelEnd offset just past its closing quote
 * @param params the generation parameters, normalized, as the policy sees them
 * @param layout where the values an obligation may rewrite lie in the body
 * @param insertModel whether the body has no {@code model} (the route takes it from its path):
 *     one is inserted at {@code modelStart}, just past the object's opening brace
 */
record ModelCallBody(JsonBodies.Held held, String model, boolean stream, int modelStart, int modelEnd,
        RequestParams params, BodyLayout layout, boolean insertModel) {

    /** A body whose {@code model} value lies at {@code [modelStart, modelEnd)}. */
    ModelCallBody(JsonBodies.Held held, String model, boolean stream, int modelStart, int modelEnd,
            RequestParams params, BodyLayout layout) {
        this(held, model, stream, modelStart, modelEnd, params, layout, false);
    }

    /** The same bytes, to be sent with {@code resolved} as the model and {@code edits} applied. */
    ForwardedBody forwarded(String resolved, List<ForwardedBody.Edit> edits) {
        return new ForwardedBody(held.bytes(), held.length(), modelStart, modelEnd, resolved, edits, insertModel);
    }

    /** The same bytes, to be sent with {@code resolved} as the model. */
    ForwardedBody forwarded(String resolved) {
        return forwarded(resolved, List.of());
    }
}
