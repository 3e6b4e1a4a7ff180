package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgw.authz.LogCapture;
import io.llmgw.authz.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotSwapPolicyEngineTest {

    @TempDir
    Path dir;

    private Path live;
    private final RecordingListener listener = new RecordingListener();
    private final List<String> loaded = listener.loaded;
    private final List<String> rejected = listener.rejected;

    @BeforeEach
    void setUp() {
        live = dir.resolve("bundle.tar.gz");
    }

    private HotSwapPolicyEngine engine() {
        // A long poll interval: the tests trigger reloads themselves.
        return new HotSwapPolicyEngine(live, Duration.ofHours(1), Entrypoints.DEFAULT,
                bundle -> new WasmPolicyEngine(bundle, Entrypoints.DEFAULT, 1, 0), listener);
    }

    private static JsonNode input() {
        return PolicyInputs.check(PolicyInputs.ALIAS);
    }

    @Test
    void start_noBundleFile_unavailableUntilOneAppears() throws Exception {
        try (HotSwapPolicyEngine engine = engine()) {
            assertThat(engine.ready()).isFalse();
            assertThat(rejected).singleElement().asString().contains("cannot read policy bundle");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.evaluate(input()))
                    .isInstanceOf(PolicyUnavailableException.class);

            BundleFiles.replaceAtomically(TestConfigs.builtBundle(), live);
            engine.reloadIfChanged();

            assertThat(engine.ready()).isTrue();
            assertThat(engine.evaluate(input()).decision()).isInstanceOf(PolicyDecision.Allow.class);
        }
    }

    @Test
    void reload_badBundles_rejectedAndLastGoodStaysLive() throws Exception {
        BundleFiles.withRevision(TestConfigs.builtBundle(), live, "good-1");
        try (HotSwapPolicyEngine engine = engine()) {
            Path bad = dir.resolve("bad.tar.gz");
            List<Runnable> breakages = List.of(
                    () -> write(bad, "not a gzip archive"),
                    () -> edit(bad, "policy.wasm", "not wasm"),
                    () -> edit(bad, "data.json", "{not json"),
                    () -> edit(bad, ".manifest", "{\"revision\": \"x\", "),
                    () -> edit(bad, ".manifest", "{\"revision\": \"x\", \"metadata\": {\"llmgw\": {\"input_paths\": [[1]]}}}"),
                    () -> edit(bad, ".manifest", "{\"revision\": \"x\", \"metadata\": {\"llmgw\": {\"input_paths\": \"all\"}}}"));
            for (Runnable breakage : breakages) {
                breakage.run();
                BundleFiles.replaceAtomically(bad, live);
                engine.reloadIfChanged();
                assertThat(engine.revision()).isEqualTo("good-1");
                assertThat(engine.evaluate(input()).revision()).isEqualTo("good-1");
            }
            assertThat(rejected).hasSize(6).allSatisfy(r -> assertThat(r).contains("policy bundle"));
            assertThat(rejected.subList(4, 6)).allSatisfy(r -> assertThat(r).endsWith(
                    "/.manifest metadata.llmgw.input_paths must be an array of paths, each an array of strings"));
            assertThat(loaded).containsExactly("good-1");
        }
    }

    @Test
    void reload_missingEntrypoint_rejectedNamingIt() throws Exception {
        BundleFiles.withRevision(TestConfigs.builtBundle(), live, "good-1");
        var entrypoints = new Entrypoints("llmgw/authz/decision", "no/such/rule");
        try (var engine = new HotSwapPolicyEngine(live, Duration.ofHours(1), entrypoints,
                bundle -> new WasmPolicyEngine(bundle, entrypoints, 1, 0), listener)) {
            assertThat(engine.ready()).isFalse();
            assertThat(rejected).singleElement().asString().contains("no entrypoint 'no/such/rule'");
        }
    }

    @Test
    void reload_unsupportedWasmAbi_rejectedNamingTheVersion() throws Exception {
        BundleFiles.withRevision(TestConfigs.builtBundle(), live, "good-1");
        try (HotSwapPolicyEngine engine = engine()) {
            Path bad = dir.resolve("bad.tar.gz");
            for (int[] abi : new int[][] {{1, 1}, {2, 0}}) {
                BundleFiles.edit(TestConfigs.builtBundle(), bad, "policy.wasm",
                        wasm -> BundleFiles.withAbiVersion(wasm, abi[0], abi[1]));
                BundleFiles.replaceAtomically(bad, live);
                engine.reloadIfChanged();
                assertThat(engine.evaluate(input()).revision()).isEqualTo("good-1");
            }
            assertThat(rejected).containsExactly(
                    "policy bundle revision '" + bundleRevision() + "' cannot be loaded as an OPA wasm module: "
                            + "wasm ABI 1.1 is not supported (need 1.3 or a later 1.x)",
                    "policy bundle revision '" + bundleRevision() + "' cannot be loaded as an OPA wasm module: "
                            + "wasm ABI 2.0 is not supported (need 1.3 or a later 1.x)");
        }
    }

    @Test
    void reload_replacedWithinTheSameSecond_seenByContent() throws Exception {
        BundleFiles.withRevision(TestConfigs.builtBundle(), live, "good-1");
        FileTime stamp = Files.getLastModifiedTime(live);
        try (HotSwapPolicyEngine engine = engine()) {
            Path next = dir.resolve("next.tar.gz");
            BundleFiles.withRevision(TestConfigs.builtBundle(), next, "good-2");
            BundleFiles.replaceAtomically(next, live);
            Files.setLastModifiedTime(live, stamp);

            engine.reloadIfChanged();

            assertThat(engine.evaluate(input()).revision()).isEqualTo("good-2");
            assertThat(loaded).containsExactly("good-1", "good-2");
        }
    }

    @Test
    void shadowCandidate_loadedDeletedAndRejected_logLinesNeverCallItLive() throws Exception {
        BundleFiles.withRevision(TestConfigs.builtBundle(), live, "candidate-1");
        try (LogCapture log = LogCapture.of(HotSwapPolicyEngine.class);
                HotSwapPolicyEngine engine = new HotSwapPolicyEngine(live, Duration.ofHours(1), Entrypoints.DEFAULT,
                        bundle -> new WasmPolicyEngine(bundle, Entrypoints.DEFAULT, 1, 0), listener,
                        HotSwapPolicyEngine.Role.SHADOW_CANDIDATE)) {
            Files.delete(live);
            engine.reloadIfChanged();
            write(live, "not a gzip archive");
            engine.reloadIfChanged();

            assertThat(log.messages()).hasSize(3).allSatisfy(line -> assertThat(line)
                    .contains("shadow candidate").doesNotContain("is live").doesNotContain("stays live"));
            assertThat(log.messages().getFirst()).contains("revision candidate-1 is the shadow candidate");
            assertThat(log.messages().getLast()).endsWith("; revision candidate-1 stays the shadow candidate");
            assertThat(rejected).hasSize(1);
        }
    }

    @Test
    void reload_fileDeleted_loggedAndLastGoodStaysUntilOneReturns() throws Exception {
        BundleFiles.withRevision(TestConfigs.builtBundle(), live, "good-1");
        try (HotSwapPolicyEngine engine = engine(); LogCapture log = LogCapture.warningsOf(HotSwapPolicyEngine.class)) {
            Files.delete(live);
            engine.reloadIfChanged();
            engine.reloadIfChanged();

            assertThat(engine.evaluate(input()).revision()).isEqualTo("good-1");
            assertThat(log.messages()).singleElement().asString()
                    .contains(live + " does not exist (deleted or moved away); revision good-1 stays live");
            assertThat(rejected).isEmpty();

            BundleFiles.withRevision(TestConfigs.builtBundle(), live, "good-2");
            engine.reloadIfChanged();
            assertThat(engine.evaluate(input()).revision()).isEqualTo("good-2");
        }
    }

    @Test
    void reload_failureOfAnyKind_rejectedAndTheWatcherGoesOn() throws Exception {
        BundleFiles.withRevision(TestConfigs.builtBundle(), live, "good-1");
        Function<PolicyBundle, PolicyEngine> factory = bundle -> switch (bundle.revision()) {
            case "defect" -> throw new IllegalStateException("a defect in the engine");
            case "error" -> throw new StackOverflowError();
            default -> new WasmPolicyEngine(bundle, Entrypoints.DEFAULT, 1, 0);
        };
        // A short poll interval: the scheduled watcher itself must survive each failure.
        try (var engine = new HotSwapPolicyEngine(live, Duration.ofMillis(20), Entrypoints.DEFAULT, factory, listener)) {
            Path next = dir.resolve("next.tar.gz");
            for (String revision : List.of("defect", "error", "good-2")) {
                BundleFiles.withRevision(TestConfigs.builtBundle(), next, revision);
                // Counted before the swap: the 20 ms watcher can take it up before the next line runs.
                int before = loaded.size() + rejected.size();
                BundleFiles.replaceAtomically(next, live);
                awaitUntil(() -> loaded.size() + rejected.size() > before);
            }
            assertThat(rejected).satisfiesExactly(
                    r -> assertThat(r).contains("failed unexpectedly: java.lang.IllegalStateException: a defect"),
                    r -> assertThat(r).contains("failed unexpectedly: java.lang.StackOverflowError"));
            assertThat(loaded).containsExactly("good-1", "good-2");
            assertThat(engine.evaluate(input()).revision()).isEqualTo("good-2");
        }
    }

    @Test
    void reload_noRevision_rejected() throws Exception {
        BundleFiles.withRevision(TestConfigs.builtBundle(), live, "");
        try (HotSwapPolicyEngine engine = engine()) {
            assertThat(engine.ready()).isFalse();
            assertThat(rejected).singleElement().asString().startsWith("policy bundle has no revision in its /.manifest");
        }
    }

    @Test
    void reload_truncatedBundle_rejectedSayingSo() throws Exception {
        BundleFiles.withRevision(TestConfigs.builtBundle(), live, "good-1");
        try (HotSwapPolicyEngine engine = engine()) {
            byte[] whole = Files.readAllBytes(TestConfigs.builtBundle());
            Files.write(live, java.util.Arrays.copyOf(whole, whole.length / 2));
            engine.reloadIfChanged();

            assertThat(engine.evaluate(input()).revision()).isEqualTo("good-1");
            assertThat(rejected).singleElement().asString()
                    .contains("is not a readable .tar.gz: it ends early (truncated, or still being written")
                    .doesNotEndWith("null");
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        // Generous: loading compiles the module and tries its samples, slow on a loaded machine.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(180);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 180 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static String bundleRevision() throws java.io.IOException {
        return PolicyBundle.read(TestConfigs.builtBundle()).revision();
    }

    private void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void edit(Path target, String file, String content) {
        try {
            BundleFiles.edit(TestConfigs.builtBundle(), target, file, old -> BundleFiles.utf8(content));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
