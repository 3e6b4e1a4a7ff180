package io.llmgw.gateway.models;

import io.llmgw.gateway.config.ConfigFileException;
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
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads a catalog in LiteLLM's {@code config.yaml} shape: {@code model_list} entries with
 * {@code model_name}, {@code litellm_params} ({@code model}, {@code api_base}, {@code api_key},
 * {@code api_version}, {@code timeout}, {@code mock_response}, {@code tags}) and
 * {@code model_info} ({@code id}, {@code access_groups}, {@code hidden}, {@code tags}), plus
 * {@code router_settings.model_group_alias}, and retries and fallbacks ({@code num_retries},
 * {@code fallbacks}, {@code context_window_fallbacks} of {@code router_settings} or
 * {@code litellm_settings}, {@code litellm_params.max_retries}). The provider prefix decides how a deployment is
 * called ({@link KnownProviders}); one the gateway cannot call is loaded and reported in
 * {@link Loaded#unsupported}. Keys it does not use are ignored with one warning per key; a
 * malformed entry fails naming its key.
 */
public final class CatalogLoader {

    private static final String ENV_PREFIX = "os.environ/";

    private static final Set<String> TOP = Set.of("model_list", "router_settings", "litellm_settings");
    private static final Set<String> ENTRY = Set.of("model_name", "litellm_params", "model_info");
    private static final Set<String> PARAMS = Set.of("model", "api_base", "api_key", "api_version", "timeout",
            "mock_response", "tags", "max_retries");
    private static final Set<String> INFO = Set.of("id", "access_groups", "hidden", "tags");
    private static final Set<String> ROUTER = Set.of("model_group_alias", "num_retries", "fallbacks",
            "context_window_fallbacks");

    private final UnaryOperator<String> environment;
    private final Set<String> warnings = new LinkedHashSet<>();
    private final List<String> unsupported = new ArrayList<>();

    /**
     * A loaded catalog, the keys it ignored and the deployments it cannot call.
     *
     * @param catalog the models
     * @param warnings one line per ignored key
     * @param unsupported one line per deployment the gateway cannot call (entry, name, id, why);
     *     such deployments are loaded, unlisted, and answer 501
     */
    public record Loaded(ModelCatalog catalog, List<String> warnings, List<String> unsupported) {
        public Loaded {
            warnings = List.copyOf(warnings);
            unsupported = List.copyOf(unsupported);
        }

        /**
         * This catalog, or for an operator who wants every deployment callable
         * ({@code gateway.models.fail-on-unsupported}) an error naming the first one that is not.
         */
        public Loaded requireCallable(boolean strict, String source) {
            if (strict && !unsupported.isEmpty()) {
                throw new ConfigFileException(source + ": " + unsupported.getFirst()
                        + " (gateway.models.fail-on-unsupported is true" + (unsupported.size() > 1
                        ? "; " + (unsupported.size() - 1) + " more such deployments" : "") + ")");
            }
            return this;
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
        doc.get("litellm_settings").ifPresent(settings -> warnUnknown(settings, FallbackSettings.KEYS));
        var retries = FallbackSettings.read(doc, warnings::add);
        ModelCatalog catalog;
        try {
            catalog = new ModelCatalog(groups, aliases, retries.fallbacks());
        } catch (IllegalArgumentException e) {
            throw doc.error("router_settings.model_group_alias: " + e.getMessage());
        }
        retries.requireKnownNames(catalog);
        return new Loaded(catalog, List.copyOf(warnings), unsupported);
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
        if (upstream.indexOf('*') != upstream.lastIndexOf('*')) {
            throw modelNode.error("must be provider/model with at most one '*'");
        }
        if (upstream.contains("*") && !name.contains("*")) {
            throw modelNode.error("has a '*' but model_name " + name + " has none to fill it");
        }
        Optional<URI> apiBase = params.get("api_base").map(this::uri);
        Optional<String> apiVersion = params.get("api_version").map(YamlNode::asText);
        KnownProviders.Calling calling;
        try {
            calling = upstream.isBlank()
                    ? new KnownProviders.Calling(new UpstreamApi.Unsupported("litellm_params.model names no model"
                            + " after '" + provider + "/'"), Optional.empty())
                    : KnownProviders.calling(provider, upstream, apiBase, apiVersion);
        } catch (IllegalArgumentException e) {
            throw params.error(e.getMessage());
        }
        Secret apiKey = params.get("api_key").map(k -> new Secret(resolveEnv(k))).orElse(Secret.NONE);
        Optional<Duration> timeout = params.get("timeout")
                .map(t -> Duration.ofMillis(Math.round(t.asPositiveNumber() * 1000)));
        Optional<String> mockResponse = params.get("mock_response").map(YamlNode::asText);
        String id = info.flatMap(i -> i.get("id")).map(YamlNode::asText).orElse(name + "#" + ordinal);
        List<String> groups = info.flatMap(i -> i.get("access_groups")).map(YamlNode::asStrings).orElse(List.of());
        // LiteLLM's tag routing reads litellm_params.tags; model_info.tags is this catalog's older place.
        Set<String> tags = new LinkedHashSet<>();
        info.flatMap(i -> i.get("tags")).map(YamlNode::asStrings).ifPresent(tags::addAll);
        params.get("tags").map(YamlNode::asStrings).ifPresent(tags::addAll);
        if (calling.api() instanceof UpstreamApi.Unsupported unsupported) {
            this.unsupported.add(entry.path() + " (" + name + ", deployment " + id + "): " + unsupported.reason());
        }
        OptionalInt maxRetries = params.get("max_retries").map(r -> OptionalInt.of(r.asNonNegativeInt()))
                .orElse(OptionalInt.empty());
        return new Deployment(id, provider, upstream.isBlank() ? model : upstream, calling.api(), calling.apiBase(),
                apiKey, groups, List.copyOf(tags), timeout, mockResponse, maxRetries);
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
