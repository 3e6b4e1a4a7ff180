package io.llmgw.gateway.models;

import java.util.Map;
import java.util.Optional;

/** The models clients may name, each resolved to the deployment that serves it. */
public final class ModelCatalog {

    private final Map<String, ModelResolution> byName;

    /** @param byName resolutions by the model name clients send */
    public ModelCatalog(Map<String, ModelResolution> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** Resolves {@code requested}; empty when the catalog has no such model. */
    public Optional<ModelResolution> resolve(String requested) {
        return Optional.ofNullable(byName.get(requested));
    }
}
