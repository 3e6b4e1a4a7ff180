package io.llmgw.authz.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * A decision together with the facts an audit needs about how it was made.
 *
 * @param decision what the policy decided
 * @param revision revision of the policy bundle that decided
 * @param elapsed time spent evaluating, excluding transport
 */
public record Evaluation(PolicyDecision decision, String revision, Duration elapsed) {

    public Evaluation {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
