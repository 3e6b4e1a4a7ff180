package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random policy inputs from one seed: valid ones, shaped as {@code policies/schema/input.json}
 * describes (principals with key and team grants that are exact names, prefix patterns,
 * access groups and {@code *}; models whose requested alias and resolved name differ; hidden
 * names; odd Unicode; long strings; listings of up to a few hundred models), and malformed
 * ones made from them by deleting attributes, changing their types and adding unknown ones.
 *
 * <p>Names come from a small vocabulary so that grants often match: an input whose grants
 * never cover its model would test one rule only.
 */
final class RandomPolicyInputs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> NAMES = List.of("gpt-4o", "gpt-4o-mini", "Qwen/Qwen3-Coder-480B-A35B-Instruct",
            "claude-3-5-sonnet", "azure/gpt-4o", "bedrock/anthropic.claude-v2", "openai/o1", "modèle-ü/日本語-🚀",
            "e\u0301cole", "\u00e9cole", "zero\u200bwidth", "rtl\u202egnirts", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "a*b", "tab\tand\nnewline",
            "nul\u0000byte", "quote\"back\\slash", "GPT-4O", " gpt-4o", "gpt-4o ", "/leading", "trailing/", "a/b/c/d");
    private static final List<String> SUFFIXES = List.of("", "", "-bfloat16", "-2024-08-06", "/v1", ":latest", "-fp8");
    private static final List<String> PROVIDERS = List.of("openai", "bedrock", "azure", "anthropic", "", "vertex_ai");
    private static final List<String> GROUPS = List.of("beta", "team-a", "restricted", "group/*", "*", "");
    private static final List<String> ENDPOINTS = List.of("chat.completions", "completions", "embeddings", "models.list");

    private final SplittableRandom random;

    RandomPolicyInputs(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    /** A name from the vocabulary, sometimes with a suffix, now and then thousands of characters long. */
    private String name() {
        String name = pick(NAMES) + pick(SUFFIXES);
        if (chance(3)) {
            name = name + "x".repeat(random.nextInt(1_000, 6_000));
        }
        return name;
    }

    /** A valid single check: principal, model, operation and request. */
    ObjectNode check() {
        ObjectNode model = model();
        ObjectNode input = NODES.objectNode();
        input.set("principal", principal(List.of(model)));
        input.set("model", model);
        input.set("operation", operation());
        input.set("request", request());
        return input;
    }

    /** A valid listing: principal and the catalog's models, most often a few, sometimes hundreds. */
    ObjectNode listing() {
        int size = chance(10) ? random.nextInt(100, 300) : random.nextInt(0, 12);
        List<ObjectNode> models = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            models.add(model());
        }
        ObjectNode input = NODES.objectNode();
        input.set("principal", principal(models));
        input.set("models", NODES.arrayNode().addAll(models));
        input.set("operation", operation());
        input.set("request", request());
        return input;
    }

    private ObjectNode model() {
        String requested = name();
        ObjectNode model = NODES.objectNode();
        model.put("requested", requested.isEmpty() ? "m" : requested);
        model.put("resolved", chance(30) ? requested : requested + pick(SUFFIXES.subList(2, SUFFIXES.size())));
        model.put("deployment", "dep-" + random.nextInt(5));
        model.put("provider", pick(PROVIDERS));
        model.set("access_groups", strings(random.nextInt(3), () -> pick(GROUPS)));
        model.set("tags", strings(random.nextInt(3), () -> pick(List.of("fast", "cheap", "eu", ""))));
        model.put("hidden", chance(20));
        return model;
    }

    private ObjectNode principal(List<ObjectNode> models) {
        ObjectNode principal = NODES.objectNode();
        principal.put("key_id", "key-" + random.nextInt(1000));
        boolean team = chance(50);
        principal.put("team_id", team ? "team-" + random.nextInt(10) : "");
        principal.put("user_id", chance(50) ? "" : "user-" + random.nextInt(100));
        principal.set("key_models", grants(models));
        principal.set("team_models", team || chance(20) ? grants(models) : NODES.arrayNode());
        ObjectNode metadata = principal.putObject("metadata");
        for (int i = random.nextInt(4); i > 0; i--) {
            metadata.put(name(), name());
        }
        return principal;
    }

    /** Grants aimed at the given models: their names exactly, prefixes with *, their groups, *, or unrelated names. */
    private ArrayNode grants(List<ObjectNode> models) {
        return strings(random.nextInt(0, 6), () -> {
            if (models.isEmpty() || chance(20)) {
                return chance(30) ? "*" : name();
            }
            ObjectNode model = pick(models);
            String name = model.get(chance(50) ? "requested" : "resolved").asText();
            return switch (random.nextInt(6)) {
                case 0, 1 -> name;
                case 2 -> prefix(name) + "*";
                case 3 -> model.get("access_groups").isEmpty() ? "*" : model.get("access_groups").get(0).asText();
                case 4 -> model.get("provider").asText() + "/*";
                default -> name.toUpperCase(java.util.Locale.ROOT);
            };
        });
    }

    /** A prefix of whole code points: a cut surrogate pair would not be a Unicode string. */
    private String prefix(String name) {
        return name.substring(0, name.offsetByCodePoints(0, random.nextInt(name.codePointCount(0, name.length()) + 1)));
    }

    private ObjectNode operation() {
        ObjectNode operation = NODES.objectNode();
        operation.put("endpoint", pick(ENDPOINTS));
        operation.put("method", pick(List.of("POST", "GET")));
        operation.put("path", "/v1/" + pick(ENDPOINTS).replace('.', '/'));
        operation.put("stream", chance(30));
        return operation;
    }

    private ObjectNode request() {
        ObjectNode request = NODES.objectNode();
        request.put("request_id", "req-" + random.nextLong());
        request.put("time", chance(50) ? "" : "2026-12-01T21:00:00Z");
        request.put("client_address", "127.0.0." + random.nextInt(256));
        return request;
    }

    private ArrayNode strings(int n, java.util.function.Supplier<String> element) {
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < n; i++) {
            array.add(element.get());
        }
        return array;
    }

    /**
     * {@code valid} with one to three faults: an attribute deleted, given another type
     * (null, number, boolean, string, array, object), or an unknown attribute added; now and
     * then the whole input replaced by something that is not a policy input at all.
     */
    JsonNode malformed(ObjectNode valid) {
        if (chance(3)) {
            return pick(List.of(NODES.objectNode(), NODES.arrayNode(), NODES.textNode("input"), NODES.nullNode(),
                    NODES.numberNode(7)));
        }
        ObjectNode input = valid.deepCopy();
        for (int faults = random.nextInt(1, 4); faults > 0; faults--) {
            List<JsonNode> containers = new ArrayList<>();
            collectContainers(input, containers);
            JsonNode target = pick(containers);
            if (target instanceof ObjectNode object && !object.isEmpty()) {
                String field = pickField(object);
                switch (random.nextInt(3)) {
                    case 0 -> object.remove(field);
                    case 1 -> object.set(field, wrongValue());
                    default -> object.set(name(), wrongValue());
                }
            } else if (target instanceof ArrayNode array && !array.isEmpty()) {
                array.set(random.nextInt(array.size()), wrongValue());
            } else if (target instanceof ArrayNode array) {
                array.add(wrongValue());
            }
        }
        return input;
    }

    private String pickField(ObjectNode object) {
        List<String> fields = new ArrayList<>();
        object.fieldNames().forEachRemaining(fields::add);
        return pick(fields);
    }

    private static void collectContainers(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
                collectContainers(it.next(), into);
            }
        }
    }

    private JsonNode wrongValue() {
        return switch (random.nextInt(8)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(random.nextInt(-1000, 1000));
            case 2 -> NODES.numberNode(random.nextDouble() * 1e6);
            case 3 -> NODES.booleanNode(chance(50));
            case 4 -> NODES.textNode(name());
            case 5 -> NODES.arrayNode().add(name()).add(random.nextInt(10));
            case 6 -> NODES.objectNode().put("requested", name());
            default -> NODES.textNode("");
        };
    }

    /** The input as compact JSON, for failure messages. */
    static String json(JsonNode input) {
        return JSON.valueToTree(input).toString();
    }
}
