package io.llmgw.gateway.models;

import java.util.Objects;

/**
 * One deployment a requested name can be routed to, with the upstream model it would be
 * called with (a wildcard's captured part filled in).
 *
 * @param deployment the deployment
 * @param resolved the upstream model name, without provider prefix
 */
public record Candidate(Deployment deployment, String resolved) {

    public Candidate {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(resolved, "resolved");
    }
}
