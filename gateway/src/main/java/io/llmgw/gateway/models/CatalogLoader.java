package io.llmgw.gateway.models;

import io.llmgw.gateway.config.YamlNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads a catalog in LiteLLM's {@code config.yaml} shape: {@code model_list} entries with
 * {@code model_name}, {@code litellm_params} ({@code model}, {@code api_base}, {@code api_key},
 * {@code timeout}, {@code mock_response}) and {@code model_info} ({@code id},
 * {@code access_groups}, {@code hidden}, {@code tags}), plus
 * {@code router_settings.model_group_alias}. Keys it does not use are ignored with one warning
 * per key; a malformed entry fails naming its key.
 */
public final class CatalogLoader {

    /** Where {@code openai/...} models go when the entry names no {@code api_base}. */
    static final URI OPENAI_API_BASE = URI.create("https://api.openai.com/v1");
    private static final String ENV_PREFIX = "os.environ/";

    private static final Set<String> TOP = Set.of("model_list", "router_settings");
    private static final Set<String> ENTRY = Set.of("model_name", "litellm_params", "model_info");
    private static final Set<String> PARAMS = Set.of("model", "api_base", "api_key", "timeout", "mock_response");
    private static final Set<String> INFO = Set.of("id", "access_groups", "hidden", "tags");
    private static final Set<String> ROUTER = Set.of("model_group_alias");

    private final UnaryOperator<String> environment;
    private final Set<String> warnings = new LinkedHashSet<>();

    /**
     * A loaded catalog and the keys it ignored.
     *
     * @param catalog the models
     * @param warnings one line per ignored key
     */
    public record Loaded(ModelCatalog catalog, List<String> warnings) {
        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }

    private CatalogLoader(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** Loads {@code doc}; {@code environment} looks up the variables named by {@code os.environ/NAME}. */
    public static Loaded load(YamlNode doc, UnaryOperator<String> environment) {
        return new CatalogLoader(environment).catalog(doc);
    }

    private Loaded catalog(YamlNode doc) {
        warnUnknown(doc, TOP);
        Map<String, List<Deployment>> byName = new LinkedHashMap<>();
        Map<String, Boolean> hiddenByName = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        for (YamlNode entry : doc.get("model_list").map(YamlNode::asList).orElse(List.of())) {
            warnUnknown(entry, ENTRY);
            String name = name(entry.required("model_name"));
            Optional<YamlNode> info = entry.get("model_info");
            info.ifPresent(i -> warnUnknown(i, INFO));
            List<Deployment> group = byName.computeIfAbsent(name, n -> new ArrayList<>());
            Deployment deployment = deployment(entry, name, group.size() + 1, info);
            if (!ids.add(deployment.id())) {
                throw entry.error("has a model_info.id that is already used: " + deployment.id());
            }
            group.add(deployment);
            boolean hidden = info.flatMap(i -> i.get("hidden")).map(YamlNode::asBoolean).orElse(false);
            hiddenByName.merge(name, hidden, Boolean::logicalOr);
        }
        List<ModelGroup> groups = new ArrayList<>();
        byName.forEach((name, deployments) -> groups.add(new ModelGroup(name, hiddenByName.get(name), deployments)));
        Map<String, ModelCatalog.Alias> aliases = doc.get("router_settings").map(this::aliases).orElse(Map.of());
        try {
            return new Loaded(new ModelCatalog(groups, aliases), List.copyOf(warnings));
        } catch (IllegalArgumentException e) {
            throw doc.error("router_settings.model_group_alias: " + e.getMessage());
        }
    }

    private static String name(YamlNode node) {
        String name = node.asText();
        if (name.indexOf('*') != name.lastIndexOf('*')) {
            throw node.error("may hold at most one '*'");
        }
        return name;
    }

    private Deployment deployment(YamlNode entry, String name, int ordinal, Optional<YamlNode> info) {
        YamlNode params = entry.required("litellm_params");
        warnUnknown(params, PARAMS);
        YamlNode modelNode = params.required("model");
        String model = modelNode.asText();
        // LiteLLM's convention: "provider/model"; a bare name is an OpenAI model.
        int slash = model.indexOf('/');
        String provider = slash > 0 ? model.substring(0, slash) : "openai";
        String upstream = slash > 0 ? model.substring(slash + 1) : model;
        if (upstream.isBlank() || upstream.indexOf('*') != upstream.lastIndexOf('*')) {
            throw modelNode.error("must be provider/model with at most one '*'");
        }
        if (upstream.contains("*") && !name.contains("*")) {
            throw modelNode.error("has a '*' but model_name " + name + " has none to fill it");
        }
        Optional<URI> apiBase = params.get("api_base").map(this::uri);
        if (apiBase.isEmpty() && "openai".equals(provider)) {
            apiBase = Optional.of(OPENAI_API_BASE);
        }
        if (apiBase.isEmpty() && !Deployment.MOCK.equals(provider)) {
            throw params.error("needs an api_base for provider '" + provider
                    + "': the gateway calls OpenAI-compatible upstreams and the built-in 'mock'");
        }
        Secret apiKey = params.get("api_key").map(k -> new Secret(resolveEnv(k))).orElse(Secret.NONE);
        Optional<Duration> timeout = params.get("timeout")
                .map(t -> Duration.ofMillis(Math.round(t.asPositiveNumber() * 1000)));
        Optional<String> mockResponse = params.get("mock_response").map(YamlNode::asText);
        String id = info.flatMap(i -> i.get("id")).map(YamlNode::asText).orElse(name + "#" + ordinal);
        List<String> groups = info.flatMap(i -> i.get("access_groups")).map(YamlNode::asStrings).orElse(List.of());
        List<String> tags = info.flatMap(i -> i.get("tags")).map(YamlNode::asStrings).orElse(List.of());
        return new Deployment(id, provider, upstream, apiBase, apiKey, groups, tags, timeout, mockResponse);
    }

    private Map<String, ModelCatalog.Alias> aliases(YamlNode router) {
        warnUnknown(router, ROUTER);
        Map<String, ModelCatalog.Alias> aliases = new LinkedHashMap<>();
        router.get("model_group_alias").ifPresent(map -> map.asMap().forEach((alias, target) -> {
            // LiteLLM accepts "alias: target" and "alias: {model: target, hidden: true}".
            if (target.isText()) {
                aliases.put(alias, new ModelCatalog.Alias(target.asText(), false));
            } else {
                warnUnknown(target, Set.of("model", "hidden"));
                boolean hidden = target.get("hidden").map(YamlNode::asBoolean).orElse(false);
                aliases.put(alias, new ModelCatalog.Alias(target.required("model").asText(), hidden));
            }
        }));
        return aliases;
    }

    private URI uri(YamlNode node) {
        String value = resolveEnv(node);
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw node.error("must be an http(s) URL, was " + value);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw node.error("must be an http(s) URL, was " + value);
        }
    }

    private String resolveEnv(YamlNode node) {
        String value = node.asText();
        if (!value.startsWith(ENV_PREFIX)) {
            return value;
        }
        String variable = value.substring(ENV_PREFIX.length());
        String resolved = environment.apply(variable);
        if (resolved == null || resolved.isEmpty()) {
            throw node.error("names environment variable " + variable + ", which is not set");
        }
        return resolved;
    }

    private void warnUnknown(YamlNode node, Set<String> known) {
        // One warning per key, however many entries carry it.
        node.unknownKeys(known).forEach(path -> warnings.add(
                "ignoring catalog key " + path.replaceAll("\\[\\d+]", "[]") + ": not used by this gateway"));
    }
}
