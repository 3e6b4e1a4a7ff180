package io.llmgw.gateway.models;

import java.util.List;
import java.util.Objects;

/**
 * The gateway's resolution of a model name a client sent.
 *
 * @param requested the name exactly as the client sent it
 * @param resolved the upstream model that will be called
 * @param deployment id of the chosen deployment
 * @param provider provider of that deployment, such as {@code mock} or {@code openai}
 * @param accessGroups access groups of the deployment
 * @param tags catalog tags of the deployment
 */
public record ModelResolution(String requested, String resolved, String deployment, String provider,
        List<String> accessGroups, List<String> tags) {

    public ModelResolution {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(resolved, "resolved");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(provider, "provider");
        accessGroups = List.copyOf(accessGroups);
        tags = List.copyOf(tags);
    }
}
