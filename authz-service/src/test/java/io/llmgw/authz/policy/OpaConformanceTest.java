package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.styra.opa.wasm.OpaBuiltin;
import com.styra.opa.wasm.OpaPolicy;
import com.styra.opa.wasm.builtins.Provided;
import io.llmgw.authz.policy.ConformanceJudge.Outcome;
import io.llmgw.authz.policy.ConformanceJudge.Verdict;
import io.llmgw.authz.policy.OpaCaseGenerator.Case;
import io.llmgw.authz.policy.OpaCaseGenerator.Suite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * OPA's conformance cases (its Go module's {@code v1/test/cases/testdata/v1}, and the
 * {@code v1/test/wasm/assets} set OPA runs its wasm target on), compiled by OPA's own
 * generator and evaluated exactly as the service evaluates: a {@link WasmModuleInstance}
 * on its {@link FlatMemory}, data loaded once, one {@code opa_eval} call per input.
 *
 * <p>Every case that does not pass is also run through the SDK's own {@link OpaPolicy}, so
 * a failure of this project's engine (the SDK passes) is told apart from a limit of the
 * wasm target or the SDK (both fail). The test fails on any engine-only failure. Every
 * failure is listed in the report with its cause: the explanation in
 * {@code conformance/known-failures.tsv} where one was written, and whether the SDK fails
 * the same way. The report goes to {@code target/conformance/report.md} and, when
 * {@code llmgw.conformance.doc} names it, into that document. Run by {@code make conformance}.
 */
@Tag("conformance")
class OpaConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SDK_BUILTINS =
            Arrays.stream(Provided.all()).map(OpaBuiltin.Builtin::name).collect(Collectors.toUnmodifiableSet());

    /** A case's outcome through the engine and, when that was not a pass, through the SDK. */
    record Result(Case testCase, Verdict engine, Verdict sdk) {
        boolean engineOnlyFailure() {
            return engine.outcome() == Outcome.FAILED && sdk != null && sdk.passed();
        }
    }

    @Test
    void opaCases_passThroughTheEngineOrAreListedWithTheirCause() throws Exception {
        Path opa = Path.of(System.getProperty("llmgw.opa.source"));
        Path work = Path.of(System.getProperty("llmgw.conformance.work", "target/conformance"));
        Path assets = opa.resolve("v1/test/wasm/assets");
        List<Suite> suites = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(opa.resolve("v1/test/cases/testdata/v1"))) {
            dirs.filter(Files::isDirectory).sorted()
                    .forEach(d -> suites.add(new Suite("cases/" + d.getFileName(), d)));
        }
        suites.add(new Suite("wasm-assets", assets));
        Map<String, String> opaExceptions = opaWasmExceptions(opa);
        long start = System.nanoTime();
        String cache = System.getProperty("llmgw.conformance.cache", "");
        List<Case> cases = new OpaCaseGenerator(Path.of(System.getProperty("llmgw.opa.testgen")),
                assets.resolve("test.js"), work, cache.isEmpty() ? Optional.empty() : Optional.of(Path.of(cache)))
                .compile(suites, 2);
        long compiled = System.nanoTime();

        List<Result> results = runAll(cases, opaExceptions);
        long ran = System.nanoTime();

        Map<String, String> known = knownFailures();
        ConformanceReport report = new ConformanceReport(results, known, (compiled - start) / 1e9, (ran - compiled) / 1e9);
        Files.createDirectories(work);
        Files.writeString(work.resolve("report.md"), report.markdown());
        String doc = System.getProperty("llmgw.conformance.doc", "");
        if (!doc.isEmpty()) {
            report.writeInto(Path.of(doc));
        }
        System.out.println(report.summaryLine());

        assertThat(results.stream().filter(Result::engineOnlyFailure).map(r -> r.testCase().id() + ": "
                + r.engine().reason())).as("cases the SDK passes and the engine fails").isEmpty();
        assertThat(results).as("cases run").hasSizeGreaterThan(2000);
    }

    private static List<Result> runAll(List<Case> cases, Map<String, String> opaExceptions) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Result>> runs = new ArrayList<>();
            for (Case c : cases) {
                runs.add(pool.submit(() -> run(c, opaExceptions)));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> run : runs) {
                results.add(run.get());
            }
            results.sort(Comparator.comparing(r -> r.testCase().id()));
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result run(Case c, Map<String, String> opaExceptions) {
        if (c.wasm() == null) {
            return new Result(c, Verdict.skip("does not compile for the wasm target: " + c.compileError()), null);
        }
        JsonNode spec = c.spec();
        String data = spec.has("data") ? spec.get("data").toString() : "{}";
        byte[] input;
        if (spec.has("input_term")) {
            try {
                input = JSON.writeValueAsBytes(JSON.readTree(spec.get("input_term").asText()));
            } catch (Exception notJson) {
                return new Result(c, Verdict.skip("input_term is a Rego term, not JSON (the service's input always is)"),
                        null);
            }
        } else if (spec.has("input")) {
            input = spec.get("input").toString().getBytes(StandardCharsets.UTF_8);
        } else {
            input = new byte[0];
        }
        Set<String> missing = new TreeSet<>();
        Verdict engine = throughEngine(spec, c.wasm(), data, input, missing);
        if (engine.passed()) {
            return new Result(c, engine, null);
        }
        Verdict sdk = throughSdk(spec, c.wasm(), data, input);
        if (!missing.isEmpty()) {
            return new Result(c, Verdict.skip(missingBuiltins(missing)), sdk);
        }
        String excepted = opaExceptions.get(c.note());
        if (excepted != null && !sdk.passed()) {
            return new Result(c, Verdict.skip("excepted by OPA's own wasm SDK test: " + excepted), sdk);
        }
        return new Result(c, engine, sdk);
    }

    private static String missingBuiltins(Set<String> missing) {
        if (missing.stream().allMatch(b -> b.startsWith("custom_builtin_test") || b.startsWith("test."))) {
            return "needs " + String.join(", ", missing) + ", custom builtins of OPA's test harness (the service adds none)";
        }
        return "needs " + String.join(", ", missing)
                + ": not implemented in the wasm module and not added by the Java SDK";
    }

    /** The service's way: one instance, data parsed once, one opa_eval call. */
    private static Verdict throughEngine(JsonNode spec, byte[] wasm, String data, byte[] input, Set<String> missing) {
        WasmModuleInstance module;
        try {
            module = new WasmModuleInstance(wasm, data);
        } catch (RuntimeException e) {
            return ConformanceJudge.judge(spec, null, e);
        }
        module.hostBuiltins().stream().filter(b -> !SDK_BUILTINS.contains(b)).forEach(missing::add);
        Map<String, Integer> entrypoints = module.entrypoints();
        if (entrypoints.size() != 1) {
            return Verdict.fail("the generated module has entrypoints " + entrypoints + ", expected one");
        }
        try {
            return ConformanceJudge.judge(spec, module.evaluate(entrypoints.values().iterator().next(), input), null);
        } catch (RuntimeException e) {
            return ConformanceJudge.judge(spec, null, e);
        }
    }

    /** The SDK's own way, as its own conformance test calls it. */
    private static Verdict throughSdk(JsonNode spec, byte[] wasm, String data, byte[] input) {
        try {
            OpaPolicy policy = OpaPolicy.builder().withPolicy(wasm).build();
            policy.data(data);
            String resultSet = policy.evaluate(new String(input, StandardCharsets.UTF_8));
            return ConformanceJudge.judge(spec, resultSet, null);
        } catch (RuntimeException e) {
            return ConformanceJudge.judge(spec, null, e);
        }
    }

    /** The notes OPA's own wasm SDK test skips, with its reasons ({@code internal/wasm/sdk/test/e2e/exceptions.yaml}). */
    private static Map<String, String> opaWasmExceptions(Path opa) throws Exception {
        JsonNode exceptions = new YAMLMapper().readTree(opa.resolve("internal/wasm/sdk/test/e2e/exceptions.yaml").toFile());
        Map<String, String> byNote = new TreeMap<>();
        exceptions.properties().forEach(e -> byNote.put(e.getKey(), e.getValue().asText()));
        return byNote;
    }

    /** Case id to cause, from {@code conformance/known-failures.tsv} (tab-separated; # comments). */
    private static Map<String, String> knownFailures() throws Exception {
        Map<String, String> known = new LinkedHashMap<>();
        try (var in = OpaConformanceTest.class.getResourceAsStream("/conformance/known-failures.tsv")) {
            if (in == null) {
                return known;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", 2);
                known.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return known;
    }
}
