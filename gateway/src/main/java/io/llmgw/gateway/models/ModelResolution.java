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
 */
public record ModelResolution(String requested, String resolved, Deployment deployment, boolean hidden) {

    public ModelResolution {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(resolved, "resolved");
        Objects.requireNonNull(deployment, "deployment");
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
