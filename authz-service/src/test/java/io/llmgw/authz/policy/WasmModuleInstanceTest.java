package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module built by the real {@code opa} CLI from a policy that calls builtins the module does
 * not implement itself ({@code sprintf}, {@code yaml.unmarshal}): the SDK answers those from
 * Java, reading arguments from and writing results into the module's {@link FlatMemory}.
 */
class WasmModuleInstanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private WasmModuleInstance build(String rego, String entrypoint) throws Exception {
        PolicyBundle built = RegoBuild.bundle(dir, rego, entrypoint);
        return new WasmModuleInstance(built.wasm(), built.data());
    }

    @Test
    void evaluate_hostBuiltins_readAndWriteTheModulesMemory() throws Exception {
        WasmModuleInstance module = build("""
                package hostcalls

                out := {"message": sprintf("%s may call %d models", [input.key, count(input.models)]),
                        "settings": yaml.unmarshal(input.document)}
                """, "hostcalls/out");
        int entrypoint = module.entrypoints().get("hostcalls/out");
        byte[] input = """
                {"key": "clé-ü", "models": ["a", "b"], "document": "limits:\\n  rpm: 60\\n"}"""
                .getBytes(StandardCharsets.UTF_8);

        JsonNode result = JSON.readTree(module.evaluate(entrypoint, input)).get(0).get("result");

        assertThat(result.get("message").asText()).isEqualTo("clé-ü may call 2 models");
        assertThat(result.get("settings")).isEqualTo(JSON.readTree("{\"limits\": {\"rpm\": 60}}"));
    }

    @Test
    void hostBuiltins_namesWhatTheModuleLeavesToTheHost() throws Exception {
        WasmModuleInstance module = build("""
                package hostcalls

                out := sprintf("n=%d", [count(input)])
                """, "hostcalls/out");

        assertThat(module.hostBuiltins()).containsExactly("sprintf");
        assertThat(module.evaluate(module.entrypoints().get("hostcalls/out"), "[1, 2]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("[{\"result\":\"n=2\"}]");
    }

    @Test
    void constructor_abiBefore1Dot3OrAnotherMajor_refused() {
        PolicyBundle built = PolicyBundle.read(io.llmgw.authz.TestConfigs.builtBundle());

        for (int[] abi : new int[][] {{1, 2}, {2, 3}, {0, 9}}) {
            assertThatThrownBy(() -> new WasmModuleInstance(BundleFiles.withAbiVersion(built.wasm(), abi[0], abi[1]),
                    built.data())).isInstanceOf(BundleException.class)
                    .hasMessageContaining("wasm ABI " + abi[0] + "." + abi[1] + " is not supported");
        }
        assertThat(new WasmModuleInstance(BundleFiles.withAbiVersion(built.wasm(), 1, 4), built.data()).entrypoints())
                .containsKey(Entrypoints.DEFAULT.decision());
    }

    @Test
    void constructor_dataTheModuleCannotParse_refused() {
        PolicyBundle built = PolicyBundle.read(io.llmgw.authz.TestConfigs.builtBundle());

        assertThatThrownBy(() -> new WasmModuleInstance(built.wasm(), "{\"a\": "))
                .isInstanceOf(BundleException.class).hasMessageContaining("data.json is not a JSON document");
    }
}
