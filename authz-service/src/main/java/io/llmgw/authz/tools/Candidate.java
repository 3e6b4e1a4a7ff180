package io.llmgw.authz.tools;

import io.llmgw.authz.policy.BundleException;
import io.llmgw.authz.policy.BundleValidation;
import io.llmgw.authz.policy.CachingPolicyEngine;
import io.llmgw.authz.policy.Entrypoints;
import io.llmgw.authz.policy.PolicyBundle;
import io.llmgw.authz.policy.PolicyEngine;
import io.llmgw.authz.policy.WasmPolicyEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The bundle a tool evaluates: a bundle file, or one built from a policy source tree by the
 * policies pipeline (never published), served by the service's own engine with its decision
 * cache and refused for what the service would refuse it.
 */
final class Candidate {

    /** Memory for decisions reused across equal inputs: one replay's distinct inputs. */
    private static final long CACHE_BYTES = 64L * 1024 * 1024;

    private Candidate() {}

    /**
     * Builds the sources in {@code policies} (the folder holding llmgw/) into {@code work} with
     * the policies pipeline {@code script}.
     */
    static Path build(Path script, Path policies, Path work) {
        if (!Files.isRegularFile(script) || !Files.isDirectory(policies.resolve("llmgw"))) {
            throw new ToolException("no policy sources to build: need " + script + " and " + policies.resolve("llmgw")
                    + " (run from the repository root, or pass --policies DIR or --bundle FILE)");
        }
        try {
            Process process = new ProcessBuilder("bash", script.toString(), "--src", policies.toString(), "--out",
                    work.toString(), "build").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new ToolException("the candidate does not build from " + policies + ":\n" + output.strip());
            }
        } catch (IOException e) {
            throw new ToolException("cannot run the policies build " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted while building the candidate");
        }
        return work.resolve("bundle.tar.gz");
    }

    /** Reads {@code bundleFile} and serves it as the service would, or says why the service would refuse it. */
    static PolicyEngine serve(Path bundleFile, Entrypoints entrypoints) {
        PolicyBundle bundle;
        try {
            bundle = PolicyBundle.read(bundleFile);
        } catch (BundleException e) {
            throw new ToolException(e.getMessage());
        }
        try {
            PolicyEngine engine = CachingPolicyEngine.around(new WasmPolicyEngine(bundle, entrypoints,
                    Runtime.getRuntime().availableProcessors(), 0), bundle,
                    CACHE_BYTES);
            BundleValidation.validate(bundle, engine, entrypoints);
            return engine;
        } catch (BundleException e) {
            throw new ToolException("the service would refuse this candidate (" + BundleException.CODE + "): "
                    + e.getMessage());
        }
    }
}
