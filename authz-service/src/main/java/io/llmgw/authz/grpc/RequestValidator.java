package io.llmgw.authz.grpc;

import io.grpc.Status;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.ListAllowedModelsRequest;
import io.llmgw.authz.v1.ModelResolution;
import io.llmgw.authz.v1.Principal;

/**
 * Rejects requests that lack what every decision needs, naming the field. Returns
 * {@code null} for a valid request, else an INVALID_ARGUMENT status.
 */
final class RequestValidator {

    /** Most candidates one listing may carry. */
    static final int MAX_LISTING_MODELS = 10_000;

    private RequestValidator() {}

    static Status validate(CheckRequest request) {
        Status principal = principal(request.hasPrincipal(), request.getPrincipal());
        if (principal != null) {
            return principal;
        }
        if (!request.hasModel()) {
            return invalid("model is required");
        }
        return model("model", request.getModel());
    }

    static Status validate(ListAllowedModelsRequest request) {
        Status principal = principal(request.hasPrincipal(), request.getPrincipal());
        if (principal != null) {
            return principal;
        }
        if (request.getModelsCount() > MAX_LISTING_MODELS) {
            return invalid("models has " + request.getModelsCount() + " entries, at most " + MAX_LISTING_MODELS
                    + " are allowed");
        }
        for (int i = 0; i < request.getModelsCount(); i++) {
            Status model = model("models[" + i + "]", request.getModels(i));
            if (model != null) {
                return model;
            }
        }
        return null;
    }

    private static Status principal(boolean present, Principal principal) {
        if (!present) {
            return invalid("principal is required");
        }
        if (principal.getKeyId().isBlank()) {
            return invalid("principal.key_id must not be empty");
        }
        return null;
    }

    private static Status model(String field, ModelResolution model) {
        if (model.getRequested().isBlank()) {
            return invalid(field + ".requested must not be empty");
        }
        if (model.getResolved().isBlank()) {
            return invalid(field + ".resolved must not be empty");
        }
        return null;
    }

    private static Status invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message);
    }
}
