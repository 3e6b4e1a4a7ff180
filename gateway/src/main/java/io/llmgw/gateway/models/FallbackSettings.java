package io.llmgw.gateway.models;

import io.llmgw.gateway.config.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The retry and fallback keys of a LiteLLM config, read into {@link Fallbacks}; every name a
 * fallback list holds must be one the catalog resolves.
 *
 * @param nodes the keys as written, for errors naming them
 * @param fallbacks what they say
 */
record FallbackSettings(Map<String, YamlNode> nodes, Fallbacks fallbacks) {

    /** The keys read, in {@code router_settings} and in {@code litellm_settings}. */
    static final Set<String> KEYS = Set.of("num_retries", "fallbacks", "context_window_fallbacks");

    /**
     * LiteLLM reads retries and fallbacks from {@code router_settings} and from
     * {@code litellm_settings}; where both set one, {@code router_settings} is the router's own.
     */
    static FallbackSettings read(YamlNode doc, Consumer<String> warnings) {
        Map<String, YamlNode> settings = new LinkedHashMap<>();
        Optional<YamlNode> router = doc.get("router_settings");
        Optional<YamlNode> litellm = doc.get("litellm_settings");
        for (String key : KEYS) {
            Optional<YamlNode> fromRouter = router.flatMap(r -> r.get(key));
            Optional<YamlNode> fromLitellm = litellm.flatMap(l -> l.get(key));
            if (fromRouter.isPresent() && fromLitellm.isPresent()) {
                warnings.accept("ignoring catalog key litellm_settings." + key + ": router_settings." + key + " is used");
            }
            fromRouter.or(() -> fromLitellm).ifPresent(node -> settings.put(key, node));
        }
        return new FallbackSettings(settings, fallbacks(settings));
    }

    private static Fallbacks fallbacks(Map<String, YamlNode> settings) {
        OptionalInt retries = settings.containsKey("num_retries")
                ? OptionalInt.of(settings.get("num_retries").asNonNegativeInt()) : OptionalInt.empty();
        return new Fallbacks(retries, fallbackMap(settings.get("fallbacks")),
                fallbackMap(settings.get("context_window_fallbacks")));
    }

    /** LiteLLM's shape: a list of one-key maps, {@code [{"gpt-4o": ["gpt-4o-mini", "claude"]}]}. */
    private static Map<String, List<String>> fallbackMap(YamlNode list) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (list == null) {
            return map;
        }
        for (YamlNode item : list.asList()) {
            item.asMap().forEach((name, targets) -> {
                List<String> names = new ArrayList<>(map.getOrDefault(name, List.of()));
                targets.asStrings().stream().filter(t -> !t.equals(name) && !names.contains(t)).forEach(names::add);
                map.put(name, names);
            });
        }
        return map;
    }

    /** A fallback naming a model the catalog cannot resolve would fail at the worst moment: now instead. */
    void requireKnownNames(ModelCatalog catalog) {
        for (String key : List.of("fallbacks", "context_window_fallbacks")) {
            if (nodes.containsKey(key)) {
                requireKnownNames(catalog, nodes.get(key));
            }
        }
    }

    private static void requireKnownNames(ModelCatalog catalog, YamlNode list) {
        for (YamlNode item : list.asList()) {
            item.asMap().forEach((name, targets) -> {
                for (YamlNode target : targets.asList()) {
                    for (String model : List.of(name, target.asText())) {
                        if (catalog.lookup(model).isEmpty()) {
                            throw target.error("names model " + model + ", which no model_name, alias or wildcard"
                                    + " of this catalog matches");
                        }
                    }
                }
            });
        }
    }
}
