package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgw.authz.LogCapture;
import io.llmgw.authz.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasmPolicyEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static WasmPolicyEngine engine;

    @BeforeAll
    static void load() throws Exception {
        engine = new WasmPolicyEngine(PolicyBundle.read(TestConfigs.builtBundle()), Entrypoints.DEFAULT, 1, 0);
    }

    /** An allowed check whose principal carries {@code entries} metadata entries of 100 characters each. */
    private static JsonNode allowedCheckWithMetadata(int entries) {
        ObjectNode input = (ObjectNode) PolicyInputs.check(PolicyInputs.ALIAS);
        ObjectNode metadata = ((ObjectNode) input.get("principal")).putObject("metadata");
        for (int i = 0; i < entries; i++) {
            metadata.put("k" + i, "v".repeat(100));
        }
        return input;
    }

    @Test
    void evaluate_inputLargerThanTheModulesMemory_growsItAndDecides() {
        // About 1.3 MB of JSON, twice the initial 640 KiB memory; parsing it takes more again.
        JsonNode large = allowedCheckWithMetadata(11_000);

        assertThat(engine.evaluate(large).decision()).isInstanceOf(PolicyDecision.Allow.class);
    }

    @Test
    void evaluate_alternatingInputSizes_eachDecidedOnItsOwnInput() {
        JsonNode denied = PolicyInputs.check("gpt-4o-mini");
        for (int i = 0; i < 20; i++) {
            JsonNode allowed = allowedCheckWithMetadata(i % 2 == 0 ? 3_000 : 1);

            assertThat(engine.evaluate(allowed).decision()).as("round %d", i).isInstanceOf(PolicyDecision.Allow.class);
            assertThat(engine.evaluate(denied).decision()).as("round %d", i).isInstanceOf(PolicyDecision.Deny.class);
        }
    }

    @Test
    void evaluate_bundleDeclaringModelUnread_moduleNeverSeesTheModel() {
        PolicyBundle built = PolicyBundle.read(TestConfigs.builtBundle());
        var principalOnly = new WasmPolicyEngine(new PolicyBundle(built.wasm(), built.data(), built.revision(),
                built.entrypoints(), Optional.of(List.of(List.of("principal")))), Entrypoints.DEFAULT, 1, 0);
        var undeclared = new WasmPolicyEngine(new PolicyBundle(built.wasm(), built.data(), built.revision(),
                built.entrypoints(), Optional.empty()), Entrypoints.DEFAULT, 1, 0);
        JsonNode input = PolicyInputs.check(PolicyInputs.ALIAS);

        // A wrong declaration shows: the module got the input pruned to the principal.
        PolicyDecision pruned = principalOnly.evaluate(input).decision();
        assertThat(pruned).isInstanceOf(PolicyDecision.Deny.class);
        assertThat(pruned.reasons().getFirst().code()).isEqualTo("input_invalid");
        assertThat(pruned.reasons().getFirst().message()).contains("model");
        assertThat(undeclared.evaluate(input).decision()).isInstanceOf(PolicyDecision.Allow.class);
        assertThat(engine.evaluate(input).decision()).isInstanceOf(PolicyDecision.Allow.class);
    }

    @Test
    void evaluate_loneSurrogateInAString_failsClosedNeverDecides() {
        // Not a Unicode string, so never in a gRPC request; OPA's Go parser would read it as
        // U+FFFD, the module's parser refuses the escape Jackson writes for it.
        JsonNode input = PolicyInputs.check(PolicyInputs.ALIAS, PolicyInputs.ALIAS + "\uD835", PolicyInputs.UPSTREAM);

        assertThatThrownBy(() -> engine.evaluate(input)).isInstanceOf(PolicyEvaluationException.class)
                .hasMessageContaining("illegal string escape");
    }

    @Test
    void evaluate_elapsedIsTheEvaluationsOwnTime() {
        long before = System.nanoTime();
        Evaluation evaluation = engine.evaluate(PolicyInputs.check(PolicyInputs.ALIAS));
        long wall = System.nanoTime() - before;

        assertThat(evaluation.elapsed().toNanos()).isNotNegative().isLessThanOrEqualTo(wall);
        assertThat(evaluation.cached()).isFalse();
        assertThat(evaluation.revision()).isEqualTo(engine.revision()).isNotBlank();
    }

    @Test
    void listAllowed_elapsedAndModelsOfTheListing() {
        JsonNode input = PolicyInputs.listing("*", PolicyInputs.model("a", "a1", false),
                PolicyInputs.model("h", "h1", true));
        long before = System.nanoTime();
        Listing listing = engine.listAllowed(input);
        long wall = System.nanoTime() - before;

        assertThat(listing.models()).containsExactly("a");
        assertThat(listing.valid()).isTrue();
        assertThat(listing.revision()).isEqualTo(engine.revision());
        assertThat(listing.elapsed().toNanos()).isNotNegative().isLessThanOrEqualTo(wall);
    }

    @Test
    void evaluate_manyInARow_eachInstanceReturnedToThePool() {
        var pooled = new WasmPolicyEngine(PolicyBundle.read(TestConfigs.builtBundle()), Entrypoints.DEFAULT, 2, 1);
        for (int i = 0; i < 10; i++) {
            assertThat(pooled.evaluate(PolicyInputs.check(PolicyInputs.ALIAS)).decision())
                    .isInstanceOf(PolicyDecision.Allow.class);
            assertThat(pooled.listAllowed(PolicyInputs.listing("*")).valid()).isTrue();
        }
        pooled.close();
    }

    @Test
    void evaluate_interruptedWhileWaitingForAnInstance_failsAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> engine.evaluate(PolicyInputs.check(PolicyInputs.ALIAS)))
                    .isInstanceOf(PolicyEvaluationException.class).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(engine.evaluate(PolicyInputs.check(PolicyInputs.ALIAS)).decision())
                .isInstanceOf(PolicyDecision.Allow.class);
    }

    @Test
    void constructor_noInstances_refused() {
        PolicyBundle bundle = PolicyBundle.read(TestConfigs.builtBundle());

        assertThatThrownBy(() -> new WasmPolicyEngine(bundle, Entrypoints.DEFAULT, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poolSize must be at least 1, was 0");
    }

    @Test
    void constructor_entrypointTheBundleLacks_refusedNamingIt() {
        PolicyBundle bundle = PolicyBundle.read(TestConfigs.builtBundle());

        assertThatThrownBy(() -> new WasmPolicyEngine(bundle, new Entrypoints("llmgw/authz/decision", "no/such/rule"), 1,
                0)).isInstanceOf(BundleException.class).hasMessageContaining("has no entrypoint 'no/such/rule'")
                .hasMessageContaining("llmgw/authz/allowed_models");
        assertThatThrownBy(() -> new WasmPolicyEngine(bundle, new Entrypoints("no/decision", "llmgw/authz/allowed_models"),
                1, 0)).isInstanceOf(BundleException.class).hasMessageContaining("'no/decision'");
    }

    @Test
    void constructor_moduleThatIsNotWasm_refusedNamingTheRevision() {
        PolicyBundle built = PolicyBundle.read(TestConfigs.builtBundle());
        var broken = new PolicyBundle(new byte[] {0, 'a', 's', 'm'}, built.data(), "rev-broken", built.entrypoints(),
                Optional.empty());

        assertThatThrownBy(() -> new WasmPolicyEngine(broken, Entrypoints.DEFAULT, 1, 0))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("policy bundle revision 'rev-broken' cannot be loaded as an OPA wasm module");
    }

    @Test
    void moduleAbortingOnEmptyInput_refusedAtWarmUpOrFailsTheEvaluation(@TempDir Path dir) throws Exception {
        PolicyBundle conflicting = RegoBuild.bundle(dir, """
                package edge

                out := 1 if not input.a

                out := 2 if not input.b
                """, "edge/out");
        var entrypoints = new Entrypoints("edge/out", "edge/out");

        assertThatThrownBy(() -> new WasmPolicyEngine(conflicting, entrypoints, 1, 1))
                .isInstanceOf(BundleException.class).hasMessageContaining("fails to evaluate on an empty input");
        var unwarmed = new WasmPolicyEngine(conflicting, entrypoints, 1, 0);
        assertThatThrownBy(() -> unwarmed.evaluate(JSON.readTree("{}"))).isInstanceOf(PolicyEvaluationException.class)
                .hasMessageContaining("evaluating edge/out failed").hasMessageContaining("conflict");
        assertThat(unwarmed.evaluate(JSON.readTree("{\"a\": true}")).decision())
                .as("the instance went back to the pool after the failure").isInstanceOf(PolicyDecision.Deny.class);
        assertThat(unwarmed.listAllowed(JSON.readTree("{\"a\": true}")).valid()).isFalse();
    }
    @Test
    void warmUp_startsWithTheDecision_aDecisionFailingOnEmptyInputRefusedAfterOneEvaluation(@TempDir Path dir)
            throws Exception {
        PolicyBundle bundle = RegoBuild.bundle(dir, """
                package edge

                out := 1 if not input.a

                out := 2 if not input.b

                models := []
                """, "edge/out", "edge/models");
        var entrypoints = new Entrypoints("edge/out", "edge/models");

        assertThatThrownBy(() -> new WasmPolicyEngine(bundle, entrypoints, 1, 1))
                .isInstanceOf(BundleException.class).hasMessageContaining("fails to evaluate on an empty input");
    }

    @Test
    void evaluateAndList_resultsThatAreNoDecisionOrListing_failClosedAndLogged(@TempDir Path dir) throws Exception {
        PolicyBundle bundle = RegoBuild.bundle(dir, """
                package edge

                out := "not a decision"

                models := {"not": "a list"}
                """, "edge/out", "edge/models");
        var edge = new WasmPolicyEngine(bundle, new Entrypoints("edge/out", "edge/models"), 1, 0);

        try (LogCapture log = LogCapture.of(WasmPolicyEngine.class)) {
            assertThat(DecisionDocument.isInvalid(edge.evaluate(JSON.readTree("{}")).decision())).isTrue();
            assertThat(edge.listAllowed(JSON.readTree("{}")).valid()).isFalse();

            assertThat(log.messages()).hasSize(2);
            assertThat(log.messages().get(0))
                    .startsWith(DecisionDocument.INVALID_CODE + ": edge/out (revision " + bundle.revision() + ")")
                    .endsWith("returned [{\"result\":\"not a decision\"}]");
            assertThat(log.messages().get(1)).isEqualTo(DecisionDocument.INVALID_CODE + ": edge/models (revision "
                    + bundle.revision() + ") returned [{\"result\":{\"not\":\"a list\"}}]");
        }
    }
}
