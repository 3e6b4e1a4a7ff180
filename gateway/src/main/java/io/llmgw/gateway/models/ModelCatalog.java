package io.llmgw.gateway.models;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The models clients may name. Resolution picks the most specific match: an exact
 * {@code model_name}, then a {@code model_group_alias}, then the wildcard entry with the most
 * literal characters (the first in the file on a tie). A name with several deployments is
 * served round robin, and the deployment is chosen here, before the access check, so the
 * policy sees the deployment that will be called.
 */
public final class ModelCatalog {

    private final Map<String, ModelGroup> exact;
    private final Map<String, Alias> aliases;
    private final List<ModelGroup> wildcards;

    /**
     * An alias from {@code router_settings.model_group_alias}.
     *
     * @param target the exact model name the alias stands for
     * @param hidden whether listings leave the alias out
     */
    public record Alias(String target, boolean hidden) {
        public Alias {
            Objects.requireNonNull(target, "target");
        }
    }

    ModelCatalog(List<ModelGroup> groups, Map<String, Alias> aliases) {
        Map<String, ModelGroup> byName = new LinkedHashMap<>();
        List<ModelGroup> patterns = new ArrayList<>();
        for (ModelGroup group : groups) {
            if (group.isWildcard()) {
                patterns.add(group);
            } else {
                byName.put(group.name(), group);
            }
        }
        for (var alias : aliases.entrySet()) {
            if (byName.containsKey(alias.getKey())) {
                throw new IllegalArgumentException("alias " + alias.getKey() + " is also a model_name");
            }
            if (!byName.containsKey(alias.getValue().target())) {
                throw new IllegalArgumentException("alias " + alias.getKey() + " points to unknown model_name "
                        + alias.getValue().target());
            }
        }
        // A stable sort keeps file order among wildcards of equal specificity.
        patterns.sort(Comparator.comparingInt(ModelGroup::specificity).reversed());
        this.exact = byName;
        this.aliases = new LinkedHashMap<>(aliases);
        this.wildcards = List.copyOf(patterns);
    }

    /** Resolves a call to {@code requested}, advancing the round robin; empty when nothing matches. */
    public Optional<ModelResolution> resolve(String requested) {
        return resolve(requested, true);
    }

    /** Resolves {@code requested} as a call would, without advancing the round robin. */
    public Optional<ModelResolution> lookup(String requested) {
        return resolve(requested, false);
    }

    private Optional<ModelResolution> resolve(String requested, boolean advance) {
        ModelGroup group = exact.get(requested);
        if (group != null) {
            return Optional.of(group.resolve(requested, "", group.hidden(), advance));
        }
        Alias alias = aliases.get(requested);
        if (alias != null) {
            return Optional.of(exact.get(alias.target()).resolve(requested, "", alias.hidden(), advance));
        }
        for (ModelGroup pattern : wildcards) {
            Optional<String> captured = pattern.match(requested);
            if (captured.isPresent()) {
                return Optional.of(pattern.resolve(requested, captured.get(), false, advance));
            }
        }
        return Optional.empty();
    }

    /**
     * Every name a listing may show, exact names then aliases in file order, each resolved as a
     * call would be (round robin untouched). Wildcard entries are not names
     * and are left out; hidden names are included with {@code hidden} set, for the policy to drop.
     */
    public List<ModelResolution> listable() {
        List<ModelResolution> names = new ArrayList<>();
        exact.values().forEach(g -> names.add(g.resolve(g.name(), "", g.hidden(), false)));
        aliases.forEach((name, alias) -> names.add(exact.get(alias.target()).resolve(name, "", alias.hidden(), false)));
        return names;
    }
}
