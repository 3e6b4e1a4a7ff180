package io.llmgw.authz.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The part of a policy input that a bundle's policy can read: the values at the input paths
 * its manifest declares ({@code metadata.llmgw.input_paths}, found by the policies build from
 * the modules' syntax trees). Two inputs with the same projection get the same decision from
 * the same bundle, which makes the projection a sound decision-cache key: what the gateway
 * sends per request (request id, time, client address) is not in it unless a rule reads it.
 * For the same reason the engine can hand the policy only the {@linkplain #prune pruned}
 * input: less JSON for the module to parse, the same decision.
 */
public final class InputProjection {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<List<String>> paths;

    private InputProjection(List<List<String>> paths) {
        this.paths = paths;
    }

    /**
     * The projection onto {@code paths}; empty when one of them is the empty path, meaning the
     * policy may read the whole input and no part of it can be left out of a key.
     */
    public static Optional<InputProjection> of(List<List<String>> paths) {
        if (paths.stream().anyMatch(List::isEmpty)) {
            return Optional.empty();
        }
        // Shortest first, so that a path covered by a shorter one (its prefix) is seen after it.
        List<List<String>> shortestFirst = paths.stream().map(List::copyOf).distinct()
                .sorted(Comparator.comparingInt(List::size)).toList();
        List<List<String>> kept = new ArrayList<>();
        for (List<String> path : shortestFirst) {
            if (kept.stream().noneMatch(shorter -> path.subList(0, shorter.size()).equals(shorter))) {
                kept.add(path);
            }
        }
        return Optional.of(new InputProjection(List.copyOf(kept)));
    }

    /** The paths as the policy names them, such as {@code input.principal}. */
    public List<String> describe() {
        return paths.stream().map(p -> "input." + String.join(".", p)).toList();
    }

    /**
     * {@code input} cut down to the values at the paths and the objects leading to them; the
     * policy decides the same on it, since it reads nothing else. Subtrees are shared with
     * {@code input}, not copied. An input that is not an object is returned as it is.
     */
    public JsonNode prune(JsonNode input) {
        if (!input.isObject()) {
            return input;
        }
        ObjectNode pruned = JSON.createObjectNode();
        for (List<String> path : paths) {
            JsonNode value = at(input, path);
            if (value == null) {
                continue; // the policy finds nothing there either way
            }
            ObjectNode to = pruned;
            for (String segment : path.subList(0, path.size() - 1)) {
                to = to.get(segment) instanceof ObjectNode existing ? existing : to.putObject(segment);
            }
            to.set(path.getLast(), value);
        }
        return pruned;
    }

    /**
     * The projection of {@code input} as one string: the {@linkplain #prune pruned} input as
     * JSON, so a missing attribute (left out) and a null one ({@code null}) are told apart.
     */
    public String key(JsonNode input) {
        try {
            return JSON.writeValueAsString(prune(input));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value at {@code path}, or null when a step is missing or not an object (a reference there is undefined). */
    private static JsonNode at(JsonNode input, List<String> path) {
        JsonNode node = input;
        for (int i = 0; i < path.size() && node != null; i++) {
            node = node.isObject() ? node.get(path.get(i)) : null;
        }
        return node;
    }
}
