package io.llmgw.authz.tools;

import io.llmgw.authz.policy.DecisionChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The counts of one replay: decisions replayed, flips by kind and by group (reason, key,
 * team, requested model) with a few example decision ids each, and every line that was not
 * replayed, by problem, with the first few line numbers. Memory is bounded: each grouping
 * keeps at most {@value #MAX_GROUPS} values (the rest are counted together) and each group
 * or problem at most {@value #EXAMPLES} examples.
 */
final class ReplayReport {

    static final int EXAMPLES = 3;
    static final int MAX_GROUPS = 10_000;
    static final String OTHER_GROUPS = "(other values)";
    static final List<String> DIMENSIONS = List.of("reason", "key", "team", "model");

    /** Decisions or lines with a count and a few examples. */
    static final class Tally {
        long count;
        final List<String> examples = new ArrayList<>(EXAMPLES);

        void add(String example) {
            count++;
            if (examples.size() < EXAMPLES) {
                examples.add(example);
            }
        }
    }

    long lines;
    long replayed;
    long evaluated;
    final Map<String, Long> loggedRevisions = new TreeMap<>();
    final Map<DecisionChange, Tally> flips = new EnumMap<>(DecisionChange.class);
    final Map<DecisionChange, Map<String, Map<String, Tally>>> groups = new EnumMap<>(DecisionChange.class);
    final Map<Problem, Tally> problems = new EnumMap<>(Problem.class);
    String candidateRevision = "";
    final List<String> sources = new ArrayList<>();

    void replayed(String loggedRevision, boolean reused) {
        replayed++;
        if (!reused) {
            evaluated++;
        }
        if (loggedRevisions.size() < MAX_GROUPS || loggedRevisions.containsKey(loggedRevision)) {
            loggedRevisions.merge(loggedRevision, 1L, Long::sum);
        } else {
            loggedRevisions.merge(OTHER_GROUPS, 1L, Long::sum);
        }
    }

    void flip(Flip flip) {
        flips.computeIfAbsent(flip.kind(), k -> new Tally()).add(flip.decisionId());
        Map<String, Map<String, Tally>> byDimension = groups.computeIfAbsent(flip.kind(), k -> new LinkedHashMap<>());
        Map<String, String> values = Map.of("reason", flip.reason(), "key", flip.key(), "team", flip.team(), "model",
                flip.model());
        for (String dimension : DIMENSIONS) {
            Map<String, Tally> byValue = byDimension.computeIfAbsent(dimension, d -> new HashMap<>());
            String value = values.get(dimension);
            if (byValue.size() >= MAX_GROUPS && !byValue.containsKey(value)) {
                value = OTHER_GROUPS;
            }
            byValue.computeIfAbsent(value, v -> new Tally()).add(flip.decisionId());
        }
    }

    void problem(Problem problem, String where) {
        problems.computeIfAbsent(problem, p -> new Tally()).add(where);
    }

    long flipped() {
        return flips.values().stream().mapToLong(t -> t.count).sum();
    }

    long count(DecisionChange kind) {
        Tally t = flips.get(kind);
        return t == null ? 0 : t.count;
    }

    long notReplayed() {
        return problems.values().stream().mapToLong(t -> t.count).sum();
    }

    /** The groups of one kind and dimension, largest first. */
    List<Map.Entry<String, Tally>> ranked(DecisionChange kind, String dimension) {
        Map<String, Tally> byValue = groups.getOrDefault(kind, Map.of()).getOrDefault(dimension, Map.of());
        List<Map.Entry<String, Tally>> ranked = new ArrayList<>(byValue.entrySet());
        ranked.sort(Comparator.<Map.Entry<String, Tally>>comparingLong(e -> -e.getValue().count)
                .thenComparing(Map.Entry::getKey));
        return ranked;
    }

    /** True when any flip of {@code kinds} happened. */
    boolean any(Set<DecisionChange> kinds) {
        return kinds.stream().anyMatch(k -> count(k) > 0);
    }
}
