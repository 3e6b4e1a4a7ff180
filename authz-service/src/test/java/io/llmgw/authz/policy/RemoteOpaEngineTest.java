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
    private static final List<JsonNode> INPUTS = List.of(
            PolicyInputs.check(PolicyInputs.ALIAS),
            PolicyInputs.check("gpt-4o-mini"),
            PolicyInputs.check("*"),
            json("{}"),
            json("{\"principal\": 7, \"model\": []}"));

    private static OpaServerProcess opa;
    private static RemoteOpaEngine remote;
    private static WasmPolicyEngine wasm;

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

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
        for (JsonNode input : INPUTS) {
            assertThat(remote.evaluate(input).decision()).as(input.toString()).isEqualTo(wasm.evaluate(input).decision());
        }
    }

    @Test
    void evaluate_aliasGranted_allows() throws Exception {
        assertThat(remote.evaluate(INPUTS.getFirst()).decision()).isInstanceOf(PolicyDecision.Allow.class);
    }

    @Test
    void listAllowed_sameAnswerAsWasmEngine() throws Exception {
        JsonNode input = PolicyInputs.listing("*", PolicyInputs.model("a", "a1", false),
                PolicyInputs.model("b", "b1", false), PolicyInputs.model("c", "c1", true));

        assertThat(remote.listAllowed(input).models()).containsExactly("a", "b").isEqualTo(wasm.listAllowed(input).models());
    }

    @Test
    void evaluate_nonAsciiNames_allowedByExactGrantInBothEngines() throws Exception {
        String name = "modèle-ü/日本語-🚀";
        JsonNode input = PolicyInputs.check(name, name, name + "-v1");

        assertThat(wasm.evaluate(input).decision()).isInstanceOf(PolicyDecision.Allow.class)
                .isEqualTo(remote.evaluate(input).decision());
    }

    @Test
    void listAllowed_nonAsciiNames_sameAnswerAsWasmEngine() throws Exception {
        JsonNode input = PolicyInputs.listing("é*", PolicyInputs.model("é-un", "é-1", false),
                PolicyInputs.model("ü-deux", "ü-2", false), PolicyInputs.model("é-trois", "é-3", false));

        assertThat(wasm.listAllowed(input).models()).containsExactly("é-un", "é-trois")
                .isEqualTo(remote.listAllowed(input).models());
    }

    @Test
    void evaluate_serverDown_policyUnavailable() throws Exception {
        try (var down = new RemoteOpaEngine(URI.create("http://127.0.0.1:1"), Entrypoints.DEFAULT, Duration.ofMillis(500))) {
            assertThatThrownBy(() -> down.evaluate(JSON.readTree("{}"))).isInstanceOf(PolicyUnavailableException.class);
        }
    }
}
