package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a bundle must show before it goes live, beyond loading: a revision, and answers of the
 * right shape from both entrypoints on every sample input, evaluated by the very engine that
 * would serve. The samples are an empty input plus those the bundle ships
 * ({@value PolicyBundle#SAMPLES}, the golden fixtures' inputs, without their settings: the
 * bundle's own data decides). An entrypoint that is undefined, answers a malformed document,
 * or raises an error (a builtin the wasm engine lacks, such as {@code http.send}) on any of
 * them makes the bundle {@value BundleException#CODE}, naming the entrypoint, the sample and
 * the cause. The answers themselves are not compared: allow or deny is the policy's to say.
 */
public final class BundleValidation {

    private BundleValidation() {}

    /**
     * Checks {@code bundle} as served by {@code engine}, built from it.
     *
     * @throws BundleException naming the first fault found
     */
    public static void validate(PolicyBundle bundle, PolicyEngine engine, Entrypoints entrypoints) {
        if (bundle.revision().isBlank()) {
            throw new BundleException("policy bundle has no revision in its /.manifest (the policies build sets one:"
                    + " opa build --revision); decisions could not be traced to their sources");
        }
        for (Sample sample : samples(bundle, entrypoints.decision())) {
            PolicyDecision decision = run(bundle, entrypoints.decision(), sample, () -> engine.evaluate(sample.input())
                    .decision());
            if (DecisionDocument.isInvalid(decision)) {
                throw fault(bundle, entrypoints.decision(), sample, decision.reasons().getFirst().message());
            }
        }
        for (Sample sample : samples(bundle, entrypoints.listing())) {
            Listing listing = run(bundle, entrypoints.listing(), sample, () -> engine.listAllowed(sample.input()));
            if (!listing.valid()) {
                throw fault(bundle, entrypoints.listing(), sample,
                        "the listing is undefined or not an array of model names");
            }
        }
    }

    private static <T> T run(PolicyBundle bundle, String entrypoint, Sample sample, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (PolicyEvaluationException e) {
            throw fault(bundle, entrypoint, sample, "evaluation failed: " + e.getMessage()
                    + hint(e.getMessage()));
        }
    }

    /** The SDK's words for a builtin it lacks: "opa_builtin - http.send doesn't implement builtin1". */
    private static final Pattern MISSING_BUILTIN = Pattern.compile("([A-Za-z0-9_.]+) doesn't implement builtin");

    /** Names the builtin and points at the capabilities file when the module called one the engine lacks. */
    private static String hint(String message) {
        Matcher missing = MISSING_BUILTIN.matcher(message == null ? "" : message);
        return missing.find()
                ? " (the wasm engine does not provide the builtin " + missing.group(1) + "; a bundle may use only the"
                        + " builtins in policies/capabilities/wasm-builtins.json: build it with that capabilities"
                        + " file, as the policies build does)"
                : "";
    }

    private static BundleException fault(PolicyBundle bundle, String entrypoint, Sample sample, String why) {
        return new BundleException("policy bundle revision '" + bundle.revision() + "': entrypoint " + entrypoint
                + " fails on " + sample.name() + ": " + why);
    }

    private static List<Sample> samples(PolicyBundle bundle, String entrypoint) {
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample("the empty input {}", JsonNodeFactory.instance.objectNode()));
        List<JsonNode> shipped = bundle.samples().getOrDefault(entrypoint, List.of());
        for (int i = 0; i < shipped.size(); i++) {
            samples.add(new Sample("sample input " + i + " of " + PolicyBundle.SAMPLES, shipped.get(i)));
        }
        return samples;
    }

    private record Sample(String name, JsonNode input) {}
}
