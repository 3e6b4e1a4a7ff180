package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.Memory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgw.authz.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped policy module on its {@link FlatMemory} at the edges: inputs ending exactly at
 * a page boundary, inputs that make the memory grow, inputs the memory's maximum cannot
 * hold, evaluations right after one that failed, and thousands of evaluations on one
 * instance. Each evaluation is checked against the decision of a fresh instance, and the
 * bundle's data carries a block list, so a memory that lost or moved the resident data while
 * growing would show as a wrong decision, and one whose heap crept up as growth.
 */
class ModuleMemoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The shipped settings with one blocked model: decisions then depend on the resident data. */
    private static final String DATA = """
            {"llmgw": {"settings": {"alias_boundary": false,
                                    "block_list": {"models": ["blocked/*"], "providers": []}}}}""";

    private static PolicyBundle bundle;
    private static int decisionId;

    @BeforeAll
    static void load() {
        bundle = PolicyBundle.read(TestConfigs.builtBundle());
        decisionId = new WasmModuleInstance(bundle.wasm(), DATA).entrypoints().get(Entrypoints.DEFAULT.decision());
    }

    private static WasmModuleInstance instance(Memory memory) {
        return new WasmModuleInstance(bundle.wasm(), DATA, memory);
    }

    /** A check by a key granted every model, of {@code model}, its principal padded with {@code padding} characters. */
    private static byte[] check(String model, int padding) {
        ObjectNode input = (ObjectNode) PolicyInputs.check("*", model, model + "-v1");
        ((ObjectNode) input.get("principal")).putObject("metadata").put("note", "p".repeat(padding));
        return JSON.valueToTree(input).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A check of {@code model} padded so that, written at the module's input address, it ends at {@code end}. */
    private static byte[] endingAt(WasmModuleInstance module, int end, String model) {
        return check(model, end - module.inputAddress() - check(model, 0).length);
    }

    private static boolean allowed(String resultSet) throws Exception {
        JsonNode result = JSON.readTree(resultSet).get(0).get("result");
        return result.get("allow").asBoolean();
    }

    @Test
    void inputAddress_aboveTheResidentDataAndInsideTheMemory() {
        FlatMemory memory = new FlatMemory(10, FlatMemory.MAX_PAGES);
        WasmModuleInstance module = instance(memory);

        // The module's own data section and the parsed data document come first.
        assertThat(module.inputAddress()).isGreaterThan(DATA.length())
                .isLessThan(memory.pages() * Memory.PAGE_SIZE);
    }

    @Test
    void evaluate_inputEndingAtAPageBoundary_decidesLikeASmallInput() throws Exception {
        for (int delta : new int[] {-1, 0, 1}) {
            FlatMemory memory = new FlatMemory(10, FlatMemory.MAX_PAGES);
            WasmModuleInstance module = instance(memory);
            int end = memory.pages() * Memory.PAGE_SIZE + delta;

            byte[] allowedInput = endingAt(module, end, "open/m");
            byte[] blockedInput = endingAt(module, end, "blocked/m");

            assertThat(module.inputAddress() + blockedInput.length).isEqualTo(end);
            assertThat(allowed(module.evaluate(decisionId, allowedInput))).as("delta %d", delta).isTrue();
            assertThat(allowed(module.evaluate(decisionId, blockedInput))).as("delta %d", delta).isFalse();
            assertThat(allowed(module.evaluate(decisionId, check("open/m", 0)))).as("delta %d", delta).isTrue();
        }
    }

    @Test
    void entrypointsAndBuiltins_listedThousandsOfTimes_theModulesHeapDoesNotGrow() {
        FlatMemory memory = new FlatMemory(10, FlatMemory.MAX_PAGES);
        WasmModuleInstance module = instance(memory);
        var entrypoints = module.entrypoints();

        // Each listing is a JSON text the module allocates; one left unfreed would add up to megabytes.
        for (int i = 0; i < 20_000; i++) {
            assertThat(module.entrypoints()).isEqualTo(entrypoints);
            module.hostBuiltins();
        }

        assertThat(memory.pages()).isEqualTo(10);
    }

    @Test
    void evaluate_inputLargerThanTheMemory_growsKeepingTheResidentData() throws Exception {
        FlatMemory memory = new FlatMemory(10, FlatMemory.MAX_PAGES);
        WasmModuleInstance module = instance(memory);

        assertThat(allowed(module.evaluate(decisionId, check("blocked/m", 3 * Memory.PAGE_SIZE * 10)))).isFalse();

        assertThat(memory.pages()).isGreaterThan(30);
        assertThat(allowed(module.evaluate(decisionId, check("blocked/m", 0)))).isFalse();
        assertThat(allowed(module.evaluate(decisionId, check("open/m", 0)))).isTrue();
    }

    @Test
    void evaluate_inputBeyondTheMaximum_refusedThenTheNextEvaluationDecides() throws Exception {
        FlatMemory memory = new FlatMemory(10, 12);
        WasmModuleInstance module = instance(memory);
        byte[] tooLarge = check("open/m", 12 * Memory.PAGE_SIZE);

        assertThatThrownBy(() -> module.evaluate(decisionId, tooLarge)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("input of " + tooLarge.length + " bytes does not fit");

        assertThat(memory.pages()).isEqualTo(10);
        assertThat(allowed(module.evaluate(decisionId, check("open/m", 0)))).isTrue();
        assertThat(allowed(module.evaluate(decisionId, check("blocked/m", 0)))).isFalse();
    }

    @Test
    void evaluate_moduleRunsOutOfMemoryWhileParsing_failsThenTheNextEvaluationDecides() throws Exception {
        FlatMemory memory = new FlatMemory(10, 40);
        WasmModuleInstance module = instance(memory);
        // Fits into the 40 pages as text; the parsed copy does not fit beside it.
        byte[] fitsOnlyAsText = check("open/m", 30 * Memory.PAGE_SIZE);

        assertThatThrownBy(() -> module.evaluate(decisionId, fitsOnlyAsText)).isInstanceOf(RuntimeException.class);

        assertThat(allowed(module.evaluate(decisionId, check("open/m", 0)))).isTrue();
        assertThat(allowed(module.evaluate(decisionId, check("blocked/m", 0)))).isFalse();
    }

    @Test
    void evaluate_thousandsOnOneInstance_sameDecisionsAndNoGrowthAfterTheFirstRound() throws Exception {
        FlatMemory memory = new FlatMemory(10, FlatMemory.MAX_PAGES);
        WasmModuleInstance module = instance(memory);
        List<byte[]> inputs = List.of(check("open/m", 20_000), check("blocked/m", 0), check("open/é-🚀", 5),
                check("blocked/m", 40_000), check("open/m", 0));
        WasmModuleInstance reference = instance(new FlatMemory(10, FlatMemory.MAX_PAGES));
        List<String> expected = inputs.stream().map(i -> reference.evaluate(decisionId, i)).toList();
        for (int i = 0; i < inputs.size(); i++) {
            module.evaluate(decisionId, inputs.get(i));
        }
        int pagesAfterFirstRound = memory.pages();

        for (int round = 0; round < 400; round++) {
            for (int i = 0; i < inputs.size(); i++) {
                assertThat(module.evaluate(decisionId, inputs.get(i))).as("round %d input %d", round, i)
                        .isEqualTo(expected.get(i));
            }
        }

        assertThat(memory.pages()).isEqualTo(pagesAfterFirstRound);
    }

    @Test
    void evaluate_afterAnAbortInsideThePolicy_nextEvaluationDecides(@TempDir Path dir) throws Exception {
        PolicyBundle conflicting = RegoBuild.bundle(dir, """
                package edge

                default out := "none"

                out := "a" if input.a

                out := "b" if input.b
                """, "edge/out");
        var module = new WasmModuleInstance(conflicting.wasm(), conflicting.data());
        int out = module.entrypoints().get("edge/out");

        assertThatThrownBy(() -> module.evaluate(out, utf8("{\"a\": true, \"b\": true}")))
                .hasMessageContaining("conflict");

        assertThat(module.evaluate(out, utf8("{\"a\": true}"))).isEqualTo("[{\"result\":\"a\"}]");
        assertThat(module.evaluate(out, utf8("{}"))).isEqualTo("[{\"result\":\"none\"}]");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
