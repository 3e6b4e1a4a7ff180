package io.llmgw.authz.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgw.authz.policy.DecisionChange;
import io.llmgw.authz.policy.PolicyDecision;

/**
 * One logged decision that the candidate decides differently.
 *
 * @param kind how it differs
 * @param decisionId the logged decision id
 * @param source the log it came from and its line, such as {@code decisions.log:17}
 * @param input the logged input
 * @param logged the logged decision
 * @param candidate the candidate's decision
 * @param loggedRevision the revision that made the logged decision
 */
record Flip(DecisionChange kind, String decisionId, String source, JsonNode input, PolicyDecision logged,
        PolicyDecision candidate, String loggedRevision) {

    /** The reason codes of a decision, in order, such as {@code [model_blocked, key_model_access_denied]}. */
    static java.util.List<String> codes(PolicyDecision decision) {
        return DecisionChange.codes(decision);
    }

    /** What the flip is grouped under as its reason: the codes that now deny, or that no longer do. */
    String reason() {
        return switch (kind) {
            case ALLOW_TO_DENY -> String.join(",", codes(candidate));
            case DENY_TO_ALLOW -> String.join(",", codes(logged));
            case REASONS_CHANGED, OBLIGATIONS_CHANGED, DETAILS_CHANGED -> String.join(",", codes(logged)) + " -> "
                    + String.join(",", codes(candidate));
        };
    }

    String key() {
        return input.path("principal").path("key_id").asText("");
    }

    String team() {
        return input.path("principal").path("team_id").asText("");
    }

    String model() {
        return input.path("model").path("requested").asText("");
    }
}
