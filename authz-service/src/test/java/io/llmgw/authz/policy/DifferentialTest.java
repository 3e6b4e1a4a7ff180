package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgw.authz.TestConfigs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine against real OPA on inputs nobody picked: each seed gives a random valid check or
 * listing ({@link RandomPolicyInputs}), and a malformed copy of it. Every input is evaluated by
 * {@code opa run --server} on the policies' Rego sources and by the engine on the built
 * bundle: on the pruned input and on the whole input, without and behind the decision cache
 * (asked twice, and once more with the attributes no rule reads changed, so the cache
 * answers). All must agree with OPA, and the module's raw decision document must equal
 * OPA's. A disagreement fails naming its seed.
 *
 * <p>{@code make test} runs {@value #DEFAULT_CASES} seeds from a fixed start. Any number, from
 * any start: {@code ./mvnw -B -pl authz-service -am verify -Dtest=DifferentialTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dllmgw.differential.cases=1000000
 * -Dllmgw.differential.seed=$RANDOM} (about 1 ms a seed); one seed replays with
 * {@code -Dllmgw.differential.cases=1 -Dllmgw.differential.seed=<seed>}.
 */
class DifferentialTest {

    static final int DEFAULT_CASES = 600;
    private static final long DEFAULT_SEED = 20_261_201L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static OpaServerProcess opa;
    private static HttpClient http;
    private static WasmModuleInstance module;
    private static int decisionId;
    private static int listingId;
    private static List<PolicyEngine> engines;
    private static List<String> engineNames;

    @BeforeAll
    static void start() throws Exception {
        opa = OpaServerProcess.start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        PolicyBundle pruning = PolicyBundle.read(TestConfigs.builtBundle());
        assertThat(pruning.inputPaths()).as("the built bundle declares what it reads").isPresent();
        PolicyBundle whole = new PolicyBundle(pruning.wasm(), pruning.data(), pruning.revision(), pruning.entrypoints(),
                Optional.empty());
        module = new WasmModuleInstance(pruning.wasm(), pruning.data());
        decisionId = module.entrypoints().get(Entrypoints.DEFAULT.decision());
        listingId = module.entrypoints().get(Entrypoints.DEFAULT.listing());
        engines = List.of(
                new WasmPolicyEngine(pruning, Entrypoints.DEFAULT, 1, 0),
                new WasmPolicyEngine(whole, Entrypoints.DEFAULT, 1, 0),
                CachingPolicyEngine.around(new WasmPolicyEngine(pruning, Entrypoints.DEFAULT, 1, 0), pruning, 8 << 20));
        engineNames = List.of("pruned input", "whole input", "decision cache");
        assertThat(engines.get(2)).isInstanceOf(CachingPolicyEngine.class);
    }

    @AfterAll
    static void stop() {
        if (opa != null) {
            opa.close();
        }
    }

    @Test
    void randomInputs_engineAgreesWithOpa() throws Exception {
        long first = Long.getLong("llmgw.differential.seed", DEFAULT_SEED);
        int cases = Integer.getInteger("llmgw.differential.cases", DEFAULT_CASES);
        List<String> disagreements = new ArrayList<>();
        // How OPA answered the valid inputs (allows, denies, non-empty listings): a generator that only makes denies shows.
        int[] outcomes = new int[3];
        for (long seed = first; seed < first + cases && disagreements.size() < 5; seed++) {
            RandomPolicyInputs inputs = new RandomPolicyInputs(seed);
            boolean listing = seed % 3 == 0;
            ObjectNode valid = listing ? inputs.listing() : inputs.check();
            JsonNode malformed = inputs.malformed(valid);
            count(listing, valid, outcomes);
            for (JsonNode input : List.of(valid, malformed)) {
                String disagreement;
                try {
                    disagreement = listing ? compareListing(input) : compareDecision(input);
                } catch (RuntimeException e) {
                    disagreement = "evaluation failed: " + e;
                }
                if (disagreement != null) {
                    disagreements.add("seed " + seed + " (replay: -Dllmgw.differential.seed=" + seed
                            + " -Dllmgw.differential.cases=1): " + disagreement + "\n  input: "
                            + abbreviate(RandomPolicyInputs.json(input)));
                }
            }
        }
        if (!disagreements.isEmpty()) {
            System.err.println(String.join("\n", disagreements));
        }
        assertThat(disagreements).as("disagreements with OPA, seeds %d to %d", first, first + cases - 1).isEmpty();
        if (cases >= 100) {
            assertThat(Arrays.stream(outcomes).min().orElseThrow()).as("valid inputs OPA allowed, denied, listed models for: %s",
                    Arrays.toString(outcomes)).isGreaterThanOrEqualTo(cases / 20);
        }
    }

    private static String compareDecision(JsonNode input) throws Exception {
        JsonNode opaResult = ask(Entrypoints.DEFAULT.decision(), input);
        PolicyDecision expected = DecisionDocument.fromResultSet(opaResult);
        JsonNode raw = JSON.readTree(module.evaluate(decisionId, JSON.writeValueAsBytes(input)));
        if (!ConformanceJudge.canonical(raw).equals(ConformanceJudge.canonical(opaResult))) {
            return "module result " + raw + " but OPA " + opaResult;
        }
        for (int i = 0; i < engines.size(); i++) {
            for (JsonNode asked : variants(input)) {
                PolicyDecision got = engines.get(i).evaluate(asked).decision();
                if (!got.equals(expected)) {
                    return engineNames.get(i) + " decided " + got + " but OPA " + expected;
                }
            }
        }
        return null;
    }

    private static String compareListing(JsonNode input) throws Exception {
        JsonNode opaResult = ask(Entrypoints.DEFAULT.listing(), input);
        Optional<List<String>> expected = DecisionDocument.modelsFromResultSet(opaResult);
        JsonNode raw = JSON.readTree(module.evaluate(listingId, JSON.writeValueAsBytes(input)));
        if (!ConformanceJudge.canonical(raw).equals(ConformanceJudge.canonical(opaResult))) {
            return "module listing " + raw + " but OPA " + opaResult;
        }
        for (int i = 0; i < engines.size(); i++) {
            for (JsonNode asked : variants(input)) {
                Listing got = engines.get(i).listAllowed(asked);
                if (got.valid() != expected.isPresent() || !got.models().equals(expected.orElse(List.of()))) {
                    return engineNames.get(i) + " listed " + got.models() + " (valid " + got.valid() + ") but OPA "
                            + expected;
                }
            }
        }
        return null;
    }

    private static void count(boolean listing, JsonNode valid, int[] outcomes) throws Exception {
        if (listing) {
            outcomes[2] += ask(Entrypoints.DEFAULT.listing(), valid).path(0).path("result").isEmpty() ? 0 : 1;
        } else {
            outcomes[ask(Entrypoints.DEFAULT.decision(), valid).path(0).path("result").path("allow").asBoolean() ? 0 : 1]++;
        }
    }

    /** The input twice, then with what no rule reads changed: the decision cache must answer all three alike. */
    private static List<JsonNode> variants(JsonNode input) {
        if (!(input instanceof ObjectNode object)) {
            return List.of(input, input);
        }
        ObjectNode other = object.deepCopy();
        other.putObject("request").put("request_id", "another").put("time", "").put("client_address", "::1");
        return List.of(input, input, other);
    }

    /** OPA's answer as a result set: {@code [{"result": ...}]}, or {@code []} when undefined. */
    private static JsonNode ask(String entrypoint, JsonNode input) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.set("input", input);
        HttpRequest request = HttpRequest.newBuilder(opa.url().resolve(URI.create("/v1/data/" + entrypoint)))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("OPA answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        JsonNode answer = JSON.readTree(response.body());
        var resultSet = JSON.createArrayNode();
        if (answer.has("result")) {
            resultSet.addObject().set("result", answer.get("result"));
        }
        return resultSet;
    }

    private static String abbreviate(String s) {
        return s.length() > 2_000 ? s.substring(0, 2_000) + "... (" + s.length() + " characters)" : s;
    }
}
