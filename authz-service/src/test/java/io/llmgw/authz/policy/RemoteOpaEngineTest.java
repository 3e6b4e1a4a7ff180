package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgw.authz.TestConfigs;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST engine against a real OPA server, compared with the in-process wasm engine on the same inputs. */
class RemoteOpaEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> INPUTS = List.of(
            """
            {"principal": {"key_id": "k", "key_models": ["Qwen/Qwen3-Coder-480B-A35B-Instruct"]},
             "model": {"requested": "Qwen/Qwen3-Coder-480B-A35B-Instruct",
                       "resolved": "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16"}}""",
            """
            {"principal": {"key_id": "k", "key_models": ["gpt-4o-mini"]},
             "model": {"requested": "Qwen/Qwen3-Coder-480B-A35B-Instruct",
                       "resolved": "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16"}}""",
            "{}",
            "{\"principal\": 7, \"model\": []}");

    private static OpaServerProcess opa;
    private static RemoteOpaEngine remote;
    private static WasmPolicyEngine wasm;

    @BeforeAll
    static void start() throws Exception {
        opa = OpaServerProcess.start();
        remote = new RemoteOpaEngine(opa.url(), Entrypoints.DEFAULT, Duration.ofSeconds(5));
        wasm = new WasmPolicyEngine(PolicyBundle.read(TestConfigs.builtBundle()), Entrypoints.DEFAULT, 1, 0);
    }

    @AfterAll
    static void stop() {
        remote.close();
        opa.close();
    }

    @Test
    void evaluate_sameInputs_sameDecisionsAsWasmEngine() throws Exception {
        for (String text : INPUTS) {
            JsonNode input = JSON.readTree(text);
            assertThat(remote.evaluate(input).decision()).as(text).isEqualTo(wasm.evaluate(input).decision());
        }
    }

    @Test
    void evaluate_aliasGranted_allows() throws Exception {
        assertThat(remote.evaluate(JSON.readTree(INPUTS.getFirst())).decision()).isInstanceOf(PolicyDecision.Allow.class);
    }

    @Test
    void listAllowed_sameAnswerAsWasmEngine() throws Exception {
        JsonNode input = JSON.readTree("""
                {"principal": {"key_id": "k", "key_models": ["a", "c"]},
                 "models": [{"requested": "a", "resolved": "a1"}, {"requested": "b", "resolved": "b1"},
                            {"requested": "c", "resolved": "c1", "hidden": true}]}""");

        assertThat(remote.listAllowed(input).models()).containsExactly("a").isEqualTo(wasm.listAllowed(input).models());
    }

    @Test
    void evaluate_serverDown_policyUnavailable() throws Exception {
        try (var down = new RemoteOpaEngine(URI.create("http://127.0.0.1:1"), Entrypoints.DEFAULT, Duration.ofMillis(500))) {
            assertThatThrownBy(() -> down.evaluate(JSON.readTree("{}"))).isInstanceOf(PolicyUnavailableException.class);
        }
    }
}
