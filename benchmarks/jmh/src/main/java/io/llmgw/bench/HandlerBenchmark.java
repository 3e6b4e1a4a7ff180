package io.llmgw.bench;

import io.grpc.stub.StreamObserver;
import io.llmgw.auditlog.LineSinks;
import io.llmgw.authz.audit.AsyncDecisionLog;
import io.llmgw.authz.config.AuthzConfig;
import io.llmgw.authz.grpc.AuthorizationService;
import io.llmgw.authz.observe.AuthzMetrics;
import io.llmgw.authz.policy.CachingPolicyEngine;
import io.llmgw.authz.policy.Entrypoints;
import io.llmgw.authz.policy.PolicyBundle;
import io.llmgw.authz.policy.PolicyEngine;
import io.llmgw.authz.policy.WasmPolicyEngine;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.CheckResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The service's {@code Check} handler without any transport: validation, input mapping, the
 * engine, response mapping, metrics and handing the event to the decision log (whose writer
 * discards it). Set beside {@link EngineBenchmark} and {@link CheckBenchmark}, it splits a
 * check's time into engine, the rest of the service, and what running inside a gRPC server
 * adds. With the decision cache on, a repeated request is a hit: what a check costs the service
 * when the policy is not evaluated.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 5)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HandlerBenchmark {

    /** Whether the engine sits behind the decision cache, as the service runs it by default. */
    @Param({"false", "true"})
    public boolean decisionCache;

    /** The request's shape, as in {@link CheckBenchmark#input}: {@code seed} or {@code rich}. */
    @Param({"seed", "rich"})
    public String input;

    private AsyncDecisionLog decisionLog;
    private AuthorizationService service;
    private CheckRequest request;

    @Setup
    public void setUp() throws Exception {
        PolicyBundle bundle = PolicyBundle.read(Path.of(System.getProperty("llmgw.policy.bundle")));
        PolicyEngine wasm = new WasmPolicyEngine(bundle, Entrypoints.DEFAULT, 1, 0);
        var engine = decisionCache ? CachingPolicyEngine.around(wasm, bundle, AuthzConfig.DEFAULT_DECISION_CACHE_BYTES)
                : wasm;
        decisionLog = new AsyncDecisionLog(10_000, "llmgw", Map.of(), List.of(), LineSinks.none());
        service = new AuthorizationService(engine, Entrypoints.DEFAULT, decisionLog,
                new AuthzMetrics(decisionLog::dropped));
        request = input.equals("rich") ? Inputs.richCheck(Inputs.ALIAS) : Inputs.check(Inputs.ALIAS);
    }

    @TearDown
    public void tearDown() {
        decisionLog.close();
    }

    @Benchmark
    public CheckResponse check() {
        var answer = new Answer();
        service.check(request, answer);
        return answer.response;
    }

    /** Keeps the response the handler sends. */
    private static final class Answer implements StreamObserver<CheckResponse> {
        private CheckResponse response;

        @Override
        public void onNext(CheckResponse value) {
            response = value;
        }

        @Override
        public void onError(Throwable error) {
            throw new IllegalStateException("the handler failed", error);
        }

        @Override
        public void onCompleted() {}
    }
}
