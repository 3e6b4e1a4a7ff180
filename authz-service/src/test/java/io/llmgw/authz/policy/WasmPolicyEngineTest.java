package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgw.authz.TestConfigs;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WasmPolicyEngineTest {

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
}
