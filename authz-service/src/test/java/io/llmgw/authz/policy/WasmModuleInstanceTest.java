package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
        Files.writeString(dir.resolve("policy.rego"), rego);
        Path bundle = dir.resolve("bundle.tar.gz");
        Process opa = new ProcessBuilder(System.getProperty("llmgw.opa"), "build", "-t", "wasm", "-e", entrypoint,
                "-o", bundle.toString(), dir.resolve("policy.rego").toString())
                .redirectErrorStream(true).start();
        String output = new String(opa.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(opa.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(opa.exitValue()).as(output).isZero();
        PolicyBundle built = PolicyBundle.read(bundle);
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
}
