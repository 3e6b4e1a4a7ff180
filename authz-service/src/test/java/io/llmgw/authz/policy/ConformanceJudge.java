package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Judges one evaluation of an OPA conformance case against the case's expectations, the way
 * OPA's own wasm SDK test does ({@code internal/wasm/sdk/test/e2e}): a result set is a set
 * of bindings, compared by value (so {@code 1} equals {@code 1.0}); with
 * {@code sort_bindings} each binding's array is compared as a set; an error expected only in
 * strict builtin-error mode, which the wasm target does not have, means an empty result set
 * (or the case's non-strict {@code want_result}); a conflict error is recognised by the
 * messages the wasm module aborts with.
 */
final class ConformanceJudge {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Map<String, List<String>> ERROR_CODE_MESSAGES =
            Map.of("eval_conflict_error", List.of("var assignment conflict", "object insert conflict"));

    private ConformanceJudge() {}

    /** What became of a case. */
    enum Outcome { PASSED, FAILED, SKIPPED }

    /** An outcome and, unless passed, why. */
    record Verdict(Outcome outcome, String reason) {
        static final Verdict PASS = new Verdict(Outcome.PASSED, "");

        static Verdict fail(String reason) {
            return new Verdict(Outcome.FAILED, reason);
        }

        static Verdict skip(String reason) {
            return new Verdict(Outcome.SKIPPED, reason);
        }

        boolean passed() {
            return outcome == Outcome.PASSED;
        }
    }

    /**
     * Judges an evaluation of {@code spec} that returned {@code resultSet} (JSON) or failed with
     * {@code error} (exactly one of them is non-null).
     */
    static Verdict judge(JsonNode spec, String resultSet, RuntimeException error) {
        boolean errorExpected = spec.has("want_error") || spec.has("want_error_code");
        if (errorExpected && spec.path("strict_error").asBoolean()) {
            // The wasm target has no strict builtin errors: the non-strict outcome is expected.
            return spec.has("want_result") ? results(spec, resultSet, error) : sameResults(List.of(), resultSet, error,
                    false, false);
        }
        if (errorExpected) {
            return error(spec, resultSet, error);
        }
        if (spec.has("want_result")) {
            return results(spec, resultSet, error);
        }
        if (spec.has("want_defined")) {
            if (error != null) {
                return Verdict.fail("unexpected error: " + error.getMessage());
            }
            boolean defined = !parse(resultSet).isEmpty();
            return defined == spec.get("want_defined").asBoolean() ? Verdict.PASS
                    : Verdict.fail("expected " + (defined ? "undefined" : "defined") + ", got " + resultSet);
        }
        return Verdict.fail("the case states no expectation");
    }

    private static Verdict error(JsonNode spec, String resultSet, RuntimeException error) {
        if (error == null) {
            return Verdict.fail("expected an error (" + spec.path("want_error_code").asText(spec.path("want_error").asText())
                    + "), got " + resultSet);
        }
        String message = String.valueOf(error.getMessage());
        if (spec.has("want_error_code")) {
            String code = spec.get("want_error_code").asText();
            List<String> accepted = ERROR_CODE_MESSAGES.get(code);
            if (accepted == null) {
                return Verdict.fail("expected error code " + code + ", which a wasm module cannot report; got: " + message);
            }
            return accepted.stream().anyMatch(message::contains) ? Verdict.PASS
                    : Verdict.fail("expected " + code + " (" + String.join(" or ", accepted) + "), got: " + message);
        }
        String wanted = spec.get("want_error").asText();
        return message.contains(wanted) ? Verdict.PASS
                : Verdict.fail("expected an error containing '" + wanted + "', got: " + message);
    }

    private static Verdict results(JsonNode spec, String resultSet, RuntimeException error) {
        List<JsonNode> wanted = new ArrayList<>();
        spec.get("want_result").forEach(wanted::add);
        return sameResults(wanted, resultSet, error, spec.path("sort_bindings").asBoolean(),
                spec.path("ignore_generated_vars").asBoolean());
    }

    private static Verdict sameResults(List<JsonNode> wanted, String resultSet, RuntimeException error,
            boolean sortBindings, boolean ignoreGenerated) {
        if (error != null) {
            return Verdict.fail("unexpected error: " + error.getMessage());
        }
        Set<String> want = new TreeSet<>();
        wanted.forEach(b -> want.add(binding(b, sortBindings, false)));
        Set<String> got = new TreeSet<>();
        parse(resultSet).forEach(b -> got.add(binding(b, sortBindings, ignoreGenerated)));
        return want.equals(got) ? Verdict.PASS : Verdict.fail("want " + want + ", got " + got);
    }

    /** One binding object in canonical form; with {@code sortBindings} its array values as sets. */
    private static String binding(JsonNode binding, boolean sortBindings, boolean ignoreGenerated) {
        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : binding.properties()) {
            if (ignoreGenerated && e.getKey().startsWith("__")) {
                continue;
            }
            JsonNode v = e.getValue();
            if (sortBindings && v.isArray()) {
                Set<String> elements = new TreeSet<>();
                v.forEach(x -> elements.add(canonical(x)));
                values.put(e.getKey(), "set" + elements);
            } else {
                values.put(e.getKey(), canonical(v));
            }
        }
        return values.toString();
    }

    /** JSON in a form where equal values are equal strings: object keys sorted, numbers by value. */
    static String canonical(JsonNode node) {
        if (node.isNumber()) {
            return "n:" + node.decimalValue().stripTrailingZeros().toString();
        }
        if (node.isArray()) {
            List<String> elements = new ArrayList<>();
            node.forEach(x -> elements.add(canonical(x)));
            return elements.toString();
        }
        if (node.isObject()) {
            Map<String, String> fields = new TreeMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), canonical(e.getValue())));
            return fields.toString();
        }
        return node.toString();
    }

    private static JsonNode parse(String resultSet) {
        try {
            return JSON.readTree(resultSet);
        } catch (Exception e) {
            throw new IllegalStateException("the module's result set is not JSON: " + resultSet, e);
        }
    }
}
