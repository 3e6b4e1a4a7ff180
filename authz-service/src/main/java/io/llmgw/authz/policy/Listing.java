package io.llmgw.authz.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The policy's answer to a model listing.
 *
 * @param models requested names of the candidates that may be called and are listed
 * @param revision revision of the policy bundle that decided
 * @param elapsed time spent evaluating
 * @param valid false when the policy's result was malformed (then {@code models} is empty)
 */
public record Listing(List<String> models, String revision, Duration elapsed, boolean valid) {

    public Listing {
        models = List.copyOf(models);
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
