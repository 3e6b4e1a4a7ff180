package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.styra.opa.wasm.OpaPolicy;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Evaluates a compiled wasm bundle in-process with the OPA Java wasm SDK.
 *
 * <p>An {@link OpaPolicy} instance is not thread-safe, so the engine keeps a fixed pool of
 * them. Unlike the SDK's own pool, each instance keeps the bundle's data document loaded for
 * its whole life: only the input is written per evaluation, so a borrow costs no data
 * re-parse. Callers beyond the pool size wait for a free instance.
 */
public final class WasmPolicyEngine implements PolicyEngine {

    private static final Logger LOG = Logger.getLogger(WasmPolicyEngine.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<OpaPolicy> instances;
    private final String revision;
    private final String entrypoint;

    /**
     * Compiles {@code poolSize} instances of the bundle's module and warms each one up with
     * {@code warmupEvaluations} evaluations of an empty input, so that the first real checks
     * do not pay for the JVM compiling the module's code.
     *
     * @throws BundleException when the module cannot be loaded (e.g. wrong wasm ABI) or
     *     lacks {@code entrypoint}
     */
    public WasmPolicyEngine(PolicyBundle bundle, String entrypoint, int poolSize, int warmupEvaluations) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        if (!bundle.entrypoints().contains(entrypoint)) {
            throw new BundleException("policy bundle revision '" + bundle.revision() + "' has no entrypoint '"
                    + entrypoint + "' (it has " + bundle.entrypoints() + ")");
        }
        this.revision = bundle.revision();
        this.entrypoint = entrypoint;
        this.instances = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            instances.add(warmUp(load(bundle, entrypoint), warmupEvaluations));
        }
    }

    private OpaPolicy warmUp(OpaPolicy policy, int evaluations) {
        try {
            for (int i = 0; i < evaluations; i++) {
                policy.evaluate("{}");
            }
        } catch (RuntimeException e) {
            throw new BundleException("policy bundle revision '" + revision + "' fails to evaluate "
                    + entrypoint + " on an empty input: " + e.getMessage(), e);
        }
        return policy;
    }

    private static OpaPolicy load(PolicyBundle bundle, String entrypoint) {
        try {
            return OpaPolicy.builder().withPolicy(bundle.wasm()).build()
                    .entrypoint(entrypoint)
                    .data(bundle.data());
        } catch (RuntimeException e) {
            throw new BundleException("policy bundle revision '" + bundle.revision()
                    + "' cannot be loaded as an OPA wasm module: " + e.getMessage(), e);
        }
    }

    @Override
    public Evaluation evaluate(JsonNode input) {
        long start = System.nanoTime();
        OpaPolicy policy = borrow();
        String resultSet;
        try {
            resultSet = policy.evaluate(input.toString());
        } catch (RuntimeException e) {
            throw new PolicyEvaluationException("evaluating " + entrypoint + " failed: " + e.getMessage(), e);
        } finally {
            instances.add(policy);
        }
        PolicyDecision decision = parse(resultSet);
        return new Evaluation(decision, revision, Duration.ofNanos(System.nanoTime() - start));
    }

    private OpaPolicy borrow() {
        try {
            return instances.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyEvaluationException("interrupted while waiting for a policy instance", e);
        }
    }

    private PolicyDecision parse(String resultSet) {
        PolicyDecision decision;
        try {
            decision = DecisionDocument.fromResultSet(JSON.readTree(resultSet));
        } catch (Exception e) {
            decision = DecisionDocument.fromDocument(JSON.nullNode());
        }
        if (DecisionDocument.isInvalid(decision)) {
            LOG.log(Level.SEVERE, () -> DecisionDocument.INVALID_CODE + ": " + entrypoint + " (revision "
                    + revision + ") returned " + resultSet);
        }
        return decision;
    }

    @Override
    public String revision() {
        return revision;
    }

    @Override
    public void close() {
        instances.clear();
    }
}
