package io.llmgw.authz.policy;

import com.dylibso.chicory.runtime.Memory;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.styra.opa.wasm.DefaultMappers;
import com.styra.opa.wasm.OpaWasm;
import com.styra.opa.wasm.OpaWasm_ModuleExports;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * One instance of a compiled OPA wasm module, with the bundle's data document parsed once and
 * kept resident. Not thread-safe: one evaluation at a time.
 *
 * <p>An evaluation is a single {@code opa_eval} call (OPA wasm ABI 1.2 and later; the SDK's
 * bindings used here expect the exports of ABI 1.3): the input's UTF-8 bytes are written just
 * above the data, and the module parses them, evaluates the entrypoint on a heap that starts
 * above the input, and serializes the result set. The SDK's {@code OpaPolicy} makes about a
 * dozen calls into the module for the same work and copies the input through a String first;
 * the saving is small (a call costs ~80 ns) but free. Parsing the input inside the module is
 * most of an evaluation's time, which is why the module's memory is a {@link FlatMemory}.
 */
final class WasmModuleInstance {

    private static final int INITIAL_PAGES = 10;
    private static final int JSON_FORMAT = 0;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpaWasm wasm;
    private final OpaWasm_ModuleExports exports;
    private final Memory memory;
    private final int dataAddr;
    /** First byte above the data document: where each input is written. */
    private final int inputAddr;

    /**
     * Instantiates the module and loads {@code dataJson} as its data document.
     *
     * @throws BundleException when the module's ABI is not 1.3 or a later 1.x, or the data does not parse
     */
    WasmModuleInstance(byte[] module, String dataJson) {
        this(module, dataJson, new FlatMemory(INITIAL_PAGES, FlatMemory.MAX_PAGES));
    }

    /** As {@link #WasmModuleInstance(byte[], String)}, on {@code memory} (tests give it tight limits). */
    WasmModuleInstance(byte[] module, String dataJson, Memory memory) {
        this.memory = memory;
        this.wasm = OpaWasm.builder()
                .withInputStream(new ByteArrayInputStream(module))
                .withJsonMapper(DefaultMappers.jsonMapper)
                .withYamlMapper(DefaultMappers.yamlMapper)
                .withMemory(memory)
                .build();
        this.exports = wasm.exports();
        long major = exports.opaWasmAbiVersion().getValue();
        long minor = exports.opaWasmAbiMinorVersion().getValue();
        if (major != 1 || minor < 3) {
            throw new BundleException("wasm ABI " + major + "." + minor + " is not supported (need 1.3 or a later 1.x)");
        }
        this.dataAddr = parseJson(dataJson.getBytes(StandardCharsets.UTF_8));
        if (dataAddr == 0) {
            throw new BundleException("data.json is not a JSON document the module can parse");
        }
        this.inputAddr = exports.opaHeapPtrGet();
    }

    private int parseJson(byte[] json) {
        int text = exports.opaMalloc(json.length);
        memory.write(text, json);
        int value = exports.opaJsonParse(text, json.length);
        exports.opaFree(text);
        return value;
    }

    /** The module's entrypoints: rule path (e.g. {@code llmgw/authz/decision}) to id. */
    Map<String, Integer> entrypoints() {
        return namesToIds(exports::entrypoints, "entrypoint");
    }

    /** The builtins the module leaves to its host (those it does not implement itself), by name. */
    Set<String> hostBuiltins() {
        return namesToIds(exports::builtins, "builtin").keySet();
    }

    private Map<String, Integer> namesToIds(IntSupplier list, String what) {
        // The list, its dump and their working buffers are all allocated on the module's heap,
        // and freeing the dump alone leaves the rest behind: the heap pointer is put back instead.
        int heapBefore = exports.opaHeapPtrGet();
        try {
            return JSON.readValue(memory.readCString(exports.opaJsonDump(list.getAsInt())),
                    new TypeReference<Map<String, Integer>>() {});
        } catch (Exception e) {
            throw new BundleException("the module's " + what + " list is not JSON: " + e.getMessage(), e);
        } finally {
            exports.opaHeapPtrSet(heapBefore);
        }
    }

    /**
     * Evaluates an entrypoint on a JSON input and returns the result set as JSON (e.g.
     * {@code [{"result": {...}}]}, or {@code []} when the rule is undefined).
     */
    String evaluate(int entrypoint, byte[] inputJson) {
        int heapAddr = inputAddr + inputJson.length;
        ensureCapacity(heapAddr);
        memory.write(inputAddr, inputJson);
        int resultAddr = exports.opaEval(0, entrypoint, dataAddr, inputAddr, inputJson.length, heapAddr, JSON_FORMAT);
        // The next evaluation starts its heap at heapAddr again, so nothing needs freeing.
        return memory.readCString(resultAddr);
    }

    /** Where each input is written: the first byte above the data document. */
    int inputAddress() {
        return inputAddr;
    }

    private void ensureCapacity(int endAddr) {
        long missing = (long) endAddr - (long) memory.pages() * Memory.PAGE_SIZE;
        if (missing > 0 && memory.grow((int) Math.ceilDiv(missing, Memory.PAGE_SIZE)) == -1) {
            throw new IllegalStateException("input of " + (endAddr - inputAddr)
                    + " bytes does not fit in the module's memory");
        }
    }
}
