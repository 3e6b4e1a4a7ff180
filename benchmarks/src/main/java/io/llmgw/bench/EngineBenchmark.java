package io.llmgw.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.styra.opa.wasm.OpaPolicy;
import com.styra.opa.wasm.OpaPolicyPool;
import io.llmgw.authz.policy.Entrypoints;
import io.llmgw.authz.policy.Evaluation;
import io.llmgw.authz.policy.PolicyBundle;
import io.llmgw.authz.policy.WasmPolicyEngine;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The in-process wasm engine alone, on the shipped policy bundle: one decision per call. For
 * comparison, the same evaluation through the SDK's own {@link OpaPolicyPool}, which clears
 * the data document on every return and so loads it again on every borrow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineBenchmark {

    private WasmPolicyEngine engine;
    private OpaPolicyPool sdkPool;
    private String data;
    private JsonNode allowInput;
    private JsonNode denyInput;

    @Setup
    public void setUp() throws Exception {
        PolicyBundle bundle = PolicyBundle.read(Path.of(System.getProperty("llmgw.policy.bundle")));
        engine = new WasmPolicyEngine(bundle, Entrypoints.DEFAULT, 1, 0);
        sdkPool = OpaPolicyPool.create(() -> OpaPolicy.builder().withPolicy(bundle.wasm()).build(), 1);
        data = bundle.data();
        ObjectMapper json = new ObjectMapper();
        allowInput = json.readTree(Inputs.checkInput(Inputs.ALIAS));
        denyInput = json.readTree(Inputs.checkInput("gpt-4o-mini"));
    }

    @Benchmark
    public Evaluation evaluateAllow() {
        return engine.evaluate(allowInput);
    }

    @Benchmark
    public Evaluation evaluateDeny() {
        return engine.evaluate(denyInput);
    }

    @Benchmark
    public String sdkPoolEvaluateAllow() throws InterruptedException {
        try (OpaPolicyPool.Loan loan = sdkPool.borrow()) {
            return loan.policy().entrypoint(Entrypoints.DEFAULT.decision()).data(data).evaluate(allowInput.toString());
        }
    }
}
