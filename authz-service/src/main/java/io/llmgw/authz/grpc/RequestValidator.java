package io.llmgw.authz.grpc;

import io.grpc.Status;
import io.llmgw.authz.v1.CandidateDeployment;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.ListAllowedModelsRequest;
import io.llmgw.authz.v1.ModelResolution;
import io.llmgw.authz.v1.Operation;
import io.llmgw.authz.v1.Principal;
import io.llmgw.authz.v1.RequestInfo;
import io.llmgw.authz.v1.RequestParams;
import java.util.List;
import java.util.Map;

/**
 * Rejects requests that lack what every decision needs, or that are larger than any real
 * one, naming the field. Returns {@code null} for a valid request, else an INVALID_ARGUMENT
 * status. The size limits keep one request from holding a policy instance for seconds: the
 * policy's work grows with the number of grants and the length of the names it matches.
 */
final class RequestValidator {

    /** Most candidates one listing may carry. */
    static final int MAX_LISTING_MODELS = 10_000;
    /** Most entries of any other list or map (grants, access groups, tags, metadata). */
    static final int MAX_ENTRIES = 1_000;
    /** Longest string in any field, in characters. */
    static final int MAX_TEXT_CHARS = 4_096;

    private RequestValidator() {}

    static Status validate(CheckRequest request) {
        Status principal = principal(request.hasPrincipal(), request.getPrincipal());
        if (principal != null) {
            return principal;
        }
        if (!request.hasModel()) {
            return invalid("model is required");
        }
        return firstOf(model("model", request.getModel()), operation(request.getOperation()),
                info(request.getRequest()));
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
            // Checked under a fixed name; the message, when there is one, is written again with the index.
            if (model("models[]", request.getModels(i)) != null) {
                return model("models[" + i + "]", request.getModels(i));
            }
        }
        return firstOf(operation(request.getOperation()), info(request.getRequest()));
    }

    private static Status principal(boolean present, Principal principal) {
        if (!present) {
            return invalid("principal is required");
        }
        if (principal.getKeyId().isBlank()) {
            return invalid("principal.key_id must not be empty");
        }
        return firstOf(text("principal", ".key_id", principal.getKeyId()),
                text("principal", ".team_id", principal.getTeamId()),
                text("principal", ".user_id", principal.getUserId()),
                texts("principal", ".key_models", principal.getKeyModelsList()),
                texts("principal", ".team_models", principal.getTeamModelsList()),
                map("principal.metadata", principal.getMetadataMap()),
                map("principal.team_metadata", principal.getTeamMetadataMap()));
    }

    /**
     * {@code field} names the model ({@code model}, {@code models[3]}); field names are only
     * put together for a message, never on the way through a valid request.
     */
    private static Status model(String field, ModelResolution model) {
        if (model.getRequested().isBlank()) {
            return invalid(field + ".requested must not be empty");
        }
        if (model.getResolved().isBlank()) {
            return invalid(field + ".resolved must not be empty");
        }
        return firstOf(text(field, ".requested", model.getRequested()), text(field, ".resolved", model.getResolved()),
                text(field, ".deployment", model.getDeployment()), text(field, ".provider", model.getProvider()),
                texts(field, ".access_groups", model.getAccessGroupsList()),
                texts(field, ".tags", model.getTagsList()), candidates(field, model));
    }

    private static Status candidates(String field, ModelResolution model) {
        if (model.getCandidatesCount() > MAX_ENTRIES) {
            return invalid(field + ".candidates has " + model.getCandidatesCount() + " entries, at most " + MAX_ENTRIES
                    + " are allowed");
        }
        for (int i = 0; i < model.getCandidatesCount(); i++) {
            CandidateDeployment c = model.getCandidates(i);
            if (c.getId().isBlank() || tooLong(c.getId()) || tooLong(c.getProvider()) || tooLong(c.getResolved())
                    || tooLong(c.getAccessGroupsList()) || tooLong(c.getTagsList())) {
                return candidate(field + ".candidates[" + i + "]", c);
            }
        }
        return null;
    }

    /** What is wrong with candidate {@code c}, found to be invalid, at {@code at}. */
    private static Status candidate(String at, CandidateDeployment c) {
        if (c.getId().isBlank()) {
            return invalid(at + ".id must not be empty");
        }
        return firstOf(text(at, ".id", c.getId()), text(at, ".provider", c.getProvider()),
                text(at, ".resolved", c.getResolved()), texts(at, ".access_groups", c.getAccessGroupsList()),
                texts(at, ".tags", c.getTagsList()));
    }

    private static Status operation(Operation operation) {
        return firstOf(text("operation", ".endpoint", operation.getEndpoint()),
                text("operation", ".method", operation.getMethod()), text("operation", ".path", operation.getPath()));
    }

    private static Status info(RequestInfo info) {
        RequestParams params = info.getParams();
        if (params.getMaxOutputTokens() < 0 || params.getN() < 0 || params.getToolCount() < 0
                || params.getInputBytes() < 0) {
            return invalid("request.params: max_output_tokens, n, tool_count and input_bytes must not be negative");
        }
        if (!Double.isFinite(params.getTemperature())) {
            return invalid("request.params.temperature must be a finite number");
        }
        return firstOf(text("request", ".request_id", info.getRequestId()),
                text("request", ".client_address", info.getClientAddress()),
                texts("request.params", ".tool_names", params.getToolNamesList()),
                text("request.params", ".tool_choice", params.getToolChoice()),
                text("request.params", ".response_format", params.getResponseFormat()),
                text("request.params", ".reasoning_effort", params.getReasoningEffort()),
                map("request.headers", info.getHeadersMap()));
    }

    /** The list at {@code owner + field}: not too many entries, none too long. */
    private static Status texts(String owner, String field, List<String> values) {
        if (values.size() > MAX_ENTRIES) {
            return invalid(owner + field + " has " + values.size() + " entries, at most " + MAX_ENTRIES
                    + " are allowed");
        }
        for (int i = 0; i < values.size(); i++) {
            if (tooLong(values.get(i))) {
                return invalid(owner + field + "[" + i + "] is longer than " + MAX_TEXT_CHARS + " characters");
            }
        }
        return null;
    }

    private static Status map(String field, Map<String, String> values) {
        if (values.size() > MAX_ENTRIES) {
            return invalid(field + " has " + values.size() + " entries, at most " + MAX_ENTRIES + " are allowed");
        }
        for (var entry : values.entrySet()) {
            if (tooLong(entry.getKey()) || tooLong(entry.getValue())) {
                return invalid(field + " has a key or value longer than " + MAX_TEXT_CHARS + " characters");
            }
        }
        return null;
    }

    /** The text at {@code owner + field}: not too long. */
    private static Status text(String owner, String field, String value) {
        return tooLong(value) ? invalid(owner + field + " is longer than " + MAX_TEXT_CHARS + " characters") : null;
    }

    private static boolean tooLong(String value) {
        return value.length() > MAX_TEXT_CHARS;
    }

    private static boolean tooLong(List<String> values) {
        if (values.size() > MAX_ENTRIES) {
            return true;
        }
        for (String value : values) {
            if (tooLong(value)) {
                return true;
            }
        }
        return false;
    }

    private static Status firstOf(Status... checks) {
        for (Status check : checks) {
            if (check != null) {
                return check;
            }
        }
        return null;
    }

    private static Status invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message);
    }
}
