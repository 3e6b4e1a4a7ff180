package io.llmgw.gateway.audit;

import io.llmgw.gateway.obligations.Applied;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway did with one allowed call, for the enforcement log.
 *
 * @param timestamp when the obligations were applied (just before the upstream call)
 * @param decisionId the allow's id in the authz decision log: the join key
 * @param requestId the request's id ({@code x-request-id}); several calls of one request
 *     (retries, fallbacks) share it
 * @param keyId the key's id (never the key)
 * @param teamId the key's team; empty for none
 * @param operation the operation checked, such as {@code chat.completions}
 * @param call the request's upstream call this is, counted from 1 (retries and fallbacks count on)
 * @param model the model the decision was for and the deployment called
 * @param refusal why the gateway refused the allow; empty when the call was sent
 * @param applied the obligations applied, one entry each; empty for a refused call, which was
 *     neither changed nor counted
 */
public record EnforcementRecord(Instant timestamp, String decisionId, String requestId, String keyId, String teamId,
        String operation, int call, Model model, Optional<Refusal> refusal, List<Applied> applied) {

    public EnforcementRecord {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(refusal, "refusal");
        applied = List.copyOf(applied);
    }

    /**
     * The model of a call.
     *
     * @param requested the name the client sent (or the fallback's)
     * @param resolved the upstream model name called
     * @param deployment the deployment called (for a refusal: the one chosen before it)
     */
    public record Model(String requested, String resolved, String deployment) {
        public Model {
            Objects.requireNonNull(requested, "requested");
            Objects.requireNonNull(resolved, "resolved");
            Objects.requireNonNull(deployment, "deployment");
        }
    }

    /**
     * An allow the gateway did not act on.
     *
     * @param code the code the client was answered with ({@code policy_result_invalid},
     *     a rate limit's code)
     * @param detail the obligation at fault or the bucket that had no room
     */
    public record Refusal(String code, String detail) {
        public Refusal {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
