package io.llmgw.authz.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Compiles Rego written in a test into a wasm bundle with the pinned {@code opa} CLI the build installed. */
final class RegoBuild {

    private RegoBuild() {}

    /**
     * Writes {@code rego} to {@code dir}, builds it with {@code opa build -t wasm} for the given
     * entrypoints and reads the bundle back.
     */
    static PolicyBundle bundle(Path dir, String rego, String... entrypoints) throws IOException, InterruptedException {
        Path source = dir.resolve("policy.rego");
        Path bundle = dir.resolve("bundle.tar.gz");
        Files.writeString(source, rego);
        List<String> command = new ArrayList<>(List.of(System.getProperty("llmgw.opa"), "build", "-t", "wasm"));
        for (String entrypoint : entrypoints) {
            command.addAll(List.of("-e", entrypoint));
        }
        command.addAll(List.of("-o", bundle.toString(), source.toString()));
        Process opa = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(opa.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!opa.waitFor(60, TimeUnit.SECONDS) || opa.exitValue() != 0) {
            throw new IllegalStateException("opa build failed: " + output);
        }
        return PolicyBundle.read(bundle);
    }
}
