package io.llmgw.authz.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One decision as the decision log records it.
 *
 * @param decisionId unique id, also returned to the caller
 * @param path entrypoint evaluated, such as {@code llmgw/authz/decision}
 * @param input the policy input document (masked when written)
 * @param result the decision as returned to the caller; {@code null} when none was made
 * @param timestamp when the decision was made
 * @param revision revision of the bundle that decided
 * @param evaluation time spent evaluating the policy
 * @param handling time spent on the whole request in the service
 * @param cached true when the decision was reused from the decision cache
 */
public record DecisionEvent(String decisionId, String path, JsonNode input, JsonNode result, Instant timestamp,
        String revision, Duration evaluation, Duration handling, boolean cached) {

    public DecisionEvent {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(handling, "handling");
    }
}
