package io.llmgw.authz.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The policy's answer to a model listing.
 *
 * @param models requested names of the candidates that may be called and are listed
 * @param revision revision of the policy bundle that decided
 * @param elapsed time spent evaluating (for a cached listing: the lookup)
 * @param valid false when the policy's result was malformed (then {@code models} is empty)
 * @param cached true when the listing was taken from the decision cache: the same bundle
 *     made it earlier for an input equal on every path the policy reads
 */
public record Listing(List<String> models, String revision, Duration elapsed, boolean valid, boolean cached) {

    public Listing {
        models = List.copyOf(models);
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** A listing the policy has just evaluated. */
    public Listing(List<String> models, String revision, Duration elapsed, boolean valid) {
        this(models, revision, elapsed, valid, false);
    }
}
