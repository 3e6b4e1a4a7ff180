package io.llmgw.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.styra.opa.wasm.OpaPolicy;
import com.styra.opa.wasm.OpaPolicyPool;
import io.llmgw.authz.policy.Entrypoints;
import io.llmgw.authz.policy.Evaluation;
import io.llmgw.authz.policy.PolicyBundle;
import io.llmgw.authz.policy.PolicyDecision;
import io.llmgw.authz.policy.WasmPolicyEngine;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-process wasm engine alone, on the shipped policy bundle: one decision per call. For
 * comparison, the same evaluation through the SDK's own {@link OpaPolicyPool}, which clears
 * the data document on every return and so loads it again on every borrow, and through the
 * engine made from the same bundle without its declared input paths, so the module parses
 * the whole input rather than the pruned one. Each side has its
 * own state, so a fork measuring one never loads the other's classes (the JIT's profiles of
 * shared code would otherwise see both memory implementations).
 */
@BenchmarkMode(Mode.SampleTime)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 5)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineBenchmark {

    private static PolicyBundle bundle() throws Exception {
        return PolicyBundle.read(Path.of(System.getProperty("llmgw.policy.bundle")));
    }

    /** The service's engine, with one instance. */
    @State(Scope.Benchmark)
    public static class Engine {
        WasmPolicyEngine engine;
        JsonNode allowInput;
        JsonNode denyInput;
        JsonNode richInput;

        @Setup
        public void setUp() throws Exception {
            engine = new WasmPolicyEngine(bundle(), Entrypoints.DEFAULT, 1, 0);
            ObjectMapper json = new ObjectMapper();
            allowInput = json.readTree(Inputs.checkInput(Inputs.ALIAS));
            denyInput = json.readTree(Inputs.checkInput("gpt-4o-mini"));
            richInput = json.readTree(Inputs.richCheckInput(Inputs.ALIAS));
            // The shipped settings must still give this input an allow with obligations, or
            // the comparison would silently be one against a deny.
            if (!(engine.evaluate(richInput).decision() instanceof PolicyDecision.Allow allow)
                    || allow.obligations().deployments().isEmpty() || allow.obligations().maxOutputTokens().isEmpty()
                    || allow.obligations().rateLimits().isEmpty()) {
                throw new IllegalStateException("the rich input is no longer an allow with obligations");
            }
        }
    }

    /** The engine on the same bundle without its manifest's input paths: the module gets the whole input. */
    @State(Scope.Benchmark)
    public static class WholeInputEngine {
        WasmPolicyEngine engine;
        JsonNode allowInput;

        @Setup
        public void setUp() throws Exception {
            PolicyBundle b = bundle();
            engine = new WasmPolicyEngine(new PolicyBundle(b.wasm(), b.data(), b.revision(), b.entrypoints(),
                    Optional.empty()), Entrypoints.DEFAULT, 1, 0);
            allowInput = new ObjectMapper().readTree(Inputs.checkInput(Inputs.ALIAS));
        }
    }

    /** The SDK's pool, with one instance. */
    @State(Scope.Benchmark)
    public static class SdkPool {
        OpaPolicyPool pool;
        String data;
        String allowInput;

        @Setup
        public void setUp() throws Exception {
            PolicyBundle bundle = bundle();
            pool = OpaPolicyPool.create(() -> OpaPolicy.builder().withPolicy(bundle.wasm()).build(), 1);
            data = bundle.data();
            allowInput = new ObjectMapper().readTree(Inputs.checkInput(Inputs.ALIAS)).toString();
        }
    }

    @Benchmark
    public Evaluation evaluateAllow(Engine state) {
        return state.engine.evaluate(state.allowInput);
    }

    /** The richer input a gateway sends now, allowed with obligations (deployments, cap, rate limit). */
    @Benchmark
    public Evaluation evaluateRichAllow(Engine state) {
        return state.engine.evaluate(state.richInput);
    }

    @Benchmark
    public Evaluation evaluateDeny(Engine state) {
        return state.engine.evaluate(state.denyInput);
    }

    @Benchmark
    public Evaluation wholeInputEvaluateAllow(WholeInputEngine state) {
        return state.engine.evaluate(state.allowInput);
    }

    @Benchmark
    public String sdkPoolEvaluateAllow(SdkPool state) throws InterruptedException {
        try (OpaPolicyPool.Loan loan = state.pool.borrow()) {
            return loan.policy().entrypoint(Entrypoints.DEFAULT.decision()).data(state.data).evaluate(state.allowInput);
        }
    }
}
