package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Evaluates a compiled wasm bundle in-process with the OPA Java wasm SDK's module bindings.
 *
 * <p>A module instance is not thread-safe, so the engine keeps a fixed pool of them. Unlike
 * the SDK's own pool, each instance keeps the bundle's data document loaded for its whole
 * life: only the input is written per evaluation, so a borrow costs no data re-parse (see
 * {@link WasmModuleInstance}). Callers beyond the pool size wait for a free instance.
 *
 * <p>When the bundle declares the input paths its policy reads, the module gets the input
 * {@linkplain InputProjection#prune pruned} to them: parsing the input document inside the
 * module is most of an evaluation's time, and attributes no rule reads (request metadata,
 * operation) cannot change the decision.
 */
public final class WasmPolicyEngine implements PolicyEngine {

    private static final Logger LOG = Logger.getLogger(WasmPolicyEngine.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<WasmModuleInstance> instances;
    private final String revision;
    private final Entrypoints entrypoints;
    /** What of an input the module gets: the pruned input, or all of it. */
    private final UnaryOperator<JsonNode> policyView;
    private final int decisionId;
    private final int listingId;

    /**
     * Compiles {@code poolSize} instances of the bundle's module and warms each one up with
     * {@code warmupEvaluations} evaluations of an empty input, so that the first real checks
     * do not pay for the JVM compiling the module's code.
     *
     * @throws BundleException when the module cannot be loaded (e.g. wrong wasm ABI), lacks
     *     an entrypoint, or fails on an empty input
     */
    public WasmPolicyEngine(PolicyBundle bundle, Entrypoints entrypoints, int poolSize, int warmupEvaluations) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        this.revision = bundle.revision();
        this.entrypoints = entrypoints;
        this.policyView = bundle.inputPaths().flatMap(InputProjection::of)
                .<UnaryOperator<JsonNode>>map(projection -> projection::prune).orElse(UnaryOperator.identity());
        this.instances = new ArrayBlockingQueue<>(poolSize);
        WasmModuleInstance first = load(bundle);
        Map<String, Integer> ids = first.entrypoints();
        this.decisionId = entrypointId(ids, entrypoints.decision());
        this.listingId = entrypointId(ids, entrypoints.listing());
        instances.add(warmUp(first, warmupEvaluations));
        for (int i = 1; i < poolSize; i++) {
            instances.add(warmUp(load(bundle), warmupEvaluations));
        }
    }

    private WasmModuleInstance load(PolicyBundle bundle) {
        try {
            return new WasmModuleInstance(bundle.wasm(), bundle.data());
        } catch (RuntimeException e) {
            throw new BundleException("policy bundle revision '" + revision
                    + "' cannot be loaded as an OPA wasm module: " + e.getMessage(), e);
        }
    }

    private int entrypointId(Map<String, Integer> ids, String name) {
        Integer id = ids.get(name);
        if (id == null) {
            throw new BundleException("policy bundle revision '" + revision + "' has no entrypoint '" + name
                    + "' (it has " + ids.keySet() + ")");
        }
        return id;
    }

    private WasmModuleInstance warmUp(WasmModuleInstance instance, int evaluations) {
        byte[] empty = {'{', '}'};
        try {
            for (int i = 0; i < evaluations; i++) {
                instance.evaluate(i % 2 == 0 ? decisionId : listingId, empty);
            }
        } catch (RuntimeException e) {
            throw new BundleException("policy bundle revision '" + revision
                    + "' fails to evaluate on an empty input: " + e.getMessage(), e);
        }
        return instance;
    }

    @Override
    public Evaluation evaluate(JsonNode input) {
        long start = System.nanoTime();
        String resultSet = run(decisionId, entrypoints.decision(), input);
        PolicyDecision decision = DecisionDocument.fromResultSet(parse(resultSet));
        if (DecisionDocument.isInvalid(decision)) {
            // The reason's message names the offending path (obligations.max_output_tokens, ...).
            Reason why = decision.reasons().getFirst();
            LOG.log(Level.SEVERE, () -> why.code() + ": " + entrypoints.decision() + " (revision " + revision
                    + "): " + why.message() + "; returned " + resultSet);
        }
        return new Evaluation(decision, revision, Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public Listing listAllowed(JsonNode input) {
        long start = System.nanoTime();
        String resultSet = run(listingId, entrypoints.listing(), input);
        var models = DecisionDocument.modelsFromResultSet(parse(resultSet));
        if (models.isEmpty()) {
            logInvalid(entrypoints.listing(), resultSet);
        }
        return new Listing(models.orElse(List.of()), revision, Duration.ofNanos(System.nanoTime() - start),
                models.isPresent());
    }

    private String run(int entrypointId, String name, JsonNode input) {
        byte[] json = serialize(policyView.apply(input));
        WasmModuleInstance instance = borrow();
        try {
            return instance.evaluate(entrypointId, json);
        } catch (RuntimeException e) {
            throw new PolicyEvaluationException("evaluating " + name + " failed: " + e.getMessage(), e);
        } finally {
            instances.add(instance);
        }
    }

    private static byte[] serialize(JsonNode input) {
        try {
            return JSON.writeValueAsBytes(input);
        } catch (Exception e) {
            throw new PolicyEvaluationException("the policy input cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private WasmModuleInstance borrow() {
        try {
            return instances.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyEvaluationException("interrupted while waiting for a policy instance", e);
        }
    }

    /** The module's result set; one that is not JSON is a failed evaluation, not a decision. */
    private static JsonNode parse(String resultSet) {
        try {
            return JSON.readTree(resultSet);
        } catch (Exception e) {
            throw new PolicyEvaluationException("the module returned a result set that is not JSON: "
                    + e.getMessage(), e);
        }
    }

    private void logInvalid(String entrypoint, String resultSet) {
        LOG.log(Level.SEVERE, () -> DecisionDocument.INVALID_CODE + ": " + entrypoint + " (revision " + revision
                + ") returned " + resultSet);
    }

    @Override
    public String revision() {
        return revision;
    }

    /** Nothing to release: instances are garbage once the engine is unreachable. Checks in flight finish. */
    @Override
    public void close() {}
}
