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
    private final Fallbacks fallbacks;

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
        this(groups, aliases, Fallbacks.NONE);
    }

    ModelCatalog(List<ModelGroup> groups, Map<String, Alias> aliases, Fallbacks fallbacks) {
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
        this.fallbacks = Objects.requireNonNull(fallbacks, "fallbacks");
    }

    /** The catalog's retry count for deployments that set none; empty means the gateway's default. */
    public java.util.OptionalInt numRetries() {
        return fallbacks.numRetries();
    }

    /**
     * The names to try, in order, when a call to {@code requested} failed for {@code trigger}:
     * those written for the name as sent, else for the model name it resolves through (an
     * alias's target, a wildcard's pattern), as LiteLLM keys them by model group.
     */
    public List<String> fallbacks(String requested, Fallbacks.Trigger trigger) {
        List<String> direct = fallbacks.forName(requested, trigger);
        if (!direct.isEmpty() || exact.containsKey(requested)) {
            return direct;
        }
        Alias alias = aliases.get(requested);
        if (alias != null) {
            return fallbacks.forName(alias.target(), trigger);
        }
        for (ModelGroup pattern : wildcards) {
            if (pattern.match(requested).isPresent()) {
                return fallbacks.forName(pattern.name(), trigger);
            }
        }
        return List.of();
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
     * call would be (round robin untouched). Wildcard entries are not names and are left out, and
     * so are names with no deployment the gateway can call; hidden names are included with
     * {@code hidden} set, for the policy to drop.
     */
    public List<ModelResolution> listable() {
        List<ModelResolution> names = new ArrayList<>();
        exact.values().stream().filter(ModelGroup::callable)
                .forEach(g -> names.add(g.resolve(g.name(), "", g.hidden(), false)));
        aliases.forEach((name, alias) -> {
            ModelGroup target = exact.get(alias.target());
            if (target.callable()) {
                names.add(target.resolve(name, "", alias.hidden(), false));
            }
        });
        return names;
    }
}
