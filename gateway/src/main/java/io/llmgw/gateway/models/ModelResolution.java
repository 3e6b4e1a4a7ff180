package io.llmgw.gateway.models;

import java.util.List;
import java.util.Objects;

/**
 * The gateway's resolution of a model name a client sent: what the policy sees and what
 * will be called.
 *
 * @param requested the name exactly as the client sent it
 * @param resolved the upstream model that will be called, without provider prefix
 * @param deployment the deployment chosen for this call
 * @param hidden whether the catalog keeps this name out of model listings
 * @param candidates every deployment the name can be routed to, in catalog order, the chosen
 *     one among them; the policy may narrow the call to some of them
 */
public record ModelResolution(String requested, String resolved, Deployment deployment, boolean hidden,
        List<Candidate> candidates) {

    public ModelResolution {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(resolved, "resolved");
        Objects.requireNonNull(deployment, "deployment");
        candidates = List.copyOf(candidates);
    }

    /** A resolution whose only candidate is the chosen deployment (none for an unknown name). */
    public ModelResolution(String requested, String resolved, Deployment deployment, boolean hidden) {
        this(requested, resolved, deployment, hidden,
                deployment.id().isEmpty() ? List.of() : List.of(new Candidate(deployment, resolved)));
    }

    /** The same name routed to {@code candidate} instead. */
    public ModelResolution routedTo(Candidate candidate) {
        return new ModelResolution(requested, candidate.resolved(), candidate.deployment(), hidden, candidates);
    }

    /** The same resolution, with {@code hidden} as given (a retrieve asks as if listed). */
    public ModelResolution withHidden(boolean hiddenName) {
        return new ModelResolution(requested, resolved, deployment, hiddenName, candidates);
    }

    /**
     * A name the catalog does not know, as the policy is asked about it: requested and resolved
     * both the name as sent (there is no other name), deployment and provider empty, no groups
     * or tags. Asking keeps the answer to a
     * key that may not call the name the same whether the name exists or not; it can never
     * be called, whatever the answer.
     */
    public static ModelResolution unknown(String requested) {
        return new ModelResolution(requested, requested, Deployment.NONE, false);
    }

    /** Whether the catalog knows the name, so that there is a deployment to call. */
    public boolean known() {
        return !deployment.id().isEmpty();
    }

    /** Provider of the chosen deployment. */
    public String provider() {
        return deployment.provider();
    }

    /** Access groups of the chosen deployment. */
    public List<String> accessGroups() {
        return deployment.accessGroups();
    }

    /** Catalog tags of the chosen deployment. */
    public List<String> tags() {
        return deployment.tags();
    }
}
