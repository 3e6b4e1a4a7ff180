package io.llmgw.authz.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
        List<List<String>> kept = new ArrayList<>();
        paths.stream().map(List::copyOf).distinct().sorted(Comparator.comparingInt(List::size))
                .filter(p -> kept.stream().noneMatch(shorter -> p.subList(0, shorter.size()).equals(shorter)))
                .forEach(kept::add);
        return Optional.of(new InputProjection(List.copyOf(kept)));
    }

    /** The paths as the policy names them, such as {@code input.principal}. */
    public List<String> describe() {
        return paths.stream().map(p -> "input." + String.join(".", p)).toList();
    }

    /**
     * The projection of {@code input} as one string: per path, {@code [value]} when the input
     * has a value there and {@code []} when it has none, so a missing attribute and a null
     * one are told apart.
     */
    public String key(JsonNode input) {
        ArrayNode key = JSON.createArrayNode();
        for (List<String> path : paths) {
            JsonNode node = input;
            for (int i = 0; i < path.size() && node != null; i++) {
                node = node.isObject() ? node.get(path.get(i)) : null;
            }
            ArrayNode slot = key.addArray();
            if (node != null) {
                slot.add(node);
            }
        }
        try {
            return JSON.writeValueAsString(key);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
