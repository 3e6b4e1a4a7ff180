package io.llmgw.authz.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * A decision together with the facts an audit needs about how it was made.
 *
 * @param decision what the policy decided
 * @param revision revision of the policy bundle that decided
 * @param elapsed time spent evaluating, excluding transport (for a cached decision: the lookup)
 * @param cached true when the decision was taken from the decision cache: the same bundle
 *     made it earlier for an input equal on every path the policy reads
 */
public record Evaluation(PolicyDecision decision, String revision, Duration elapsed, boolean cached) {

    public Evaluation {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** A decision the policy has just evaluated. */
    public Evaluation(PolicyDecision decision, String revision, Duration elapsed) {
        this(decision, revision, elapsed, false);
    }
}
