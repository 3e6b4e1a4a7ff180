package io.llmgw.authz.grpc;

import io.grpc.Status;
import io.llmgw.authz.v1.CheckRequest;

/** Rejects check requests that lack what every decision needs, naming the field. */
final class CheckRequestValidator {

    private CheckRequestValidator() {}

    /** Returns {@code null} when {@code request} is valid, else an INVALID_ARGUMENT status. */
    static Status validate(CheckRequest request) {
        if (!request.hasPrincipal()) {
            return invalid("principal is required");
        }
        if (request.getPrincipal().getKeyId().isBlank()) {
            return invalid("principal.key_id must not be empty");
        }
        if (!request.hasModel()) {
            return invalid("model is required");
        }
        if (request.getModel().getRequested().isBlank()) {
            return invalid("model.requested must not be empty");
        }
        if (request.getModel().getResolved().isBlank()) {
            return invalid("model.resolved must not be empty");
        }
        return null;
    }

    private static Status invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message);
    }
}
