package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgw.authz.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles that build, load and answer the empty input, but fail on the golden inputs the
 * build ships in them: the service refuses them before they go live, the last good bundle
 * keeps serving, and with none loaded the service stays unavailable.
 */
class BundleValidationTest {

    private static final String DECISION = "authz/decision.rego";

    @TempDir
    Path dir;

    private final RecordingListener listener = new RecordingListener();
    private final List<String> loaded = listener.loaded;
    private final List<String> rejected = listener.rejected;

    private HotSwapPolicyEngine serve(Path bundle) {
        return new HotSwapPolicyEngine(bundle, Duration.ofHours(1), Entrypoints.DEFAULT,
                b -> new WasmPolicyEngine(b, Entrypoints.DEFAULT, 1, 0), listener);
    }

    @Test
    void validate_decisionUndefinedOnASample_rejectedNamingEntrypointAndSample() throws Exception {
        // Undefined for the fixtures' key only: the build's own check on {} passes.
        Path bad = PolicyBuilds.build(dir, DECISION, rego -> rego.replace("\"http_status\": http_status,\n}",
                "\"http_status\": http_status,\n} if not _fixture_key\n\n_fixture_key if input.principal.key_id == \"key-7f3a\""));

        try (HotSwapPolicyEngine engine = serve(bad)) {
            assertThat(engine.ready()).isFalse();
        }
        assertThat(rejected).singleElement().asString()
                .contains("entrypoint llmgw/authz/decision fails on sample input ")
                .contains("of /llmgw/samples.json: the access policy returned an invalid decision: the decision is undefined");
    }

    @Test
    void validate_unsupportedBuiltinReachedOnlyBySamples_rejectedAndLastGoodStays() throws Exception {
        Path bad = PolicyBuilds.build(dir, DECISION, rego -> rego.replace("\"http_status\": http_status,\n}",
                "\"http_status\": http_status,\n\t\"probe\": _probe,\n}") + """

                default _probe := 0

                _probe := http.send({"method": "GET", "url": "http://127.0.0.1:1"}).status_code if {
                	input.principal.key_id == "key-7f3a"
                }
                """);
        Path live = dir.resolve("live.tar.gz");
        BundleFiles.withRevision(TestConfigs.builtBundle(), live, "good-1");
        try (HotSwapPolicyEngine engine = serve(live)) {
            BundleFiles.replaceAtomically(bad, live);
            engine.reloadIfChanged();

            assertThat(engine.revision()).isEqualTo("good-1");
            assertThat(engine.evaluate(PolicyInputs.check(PolicyInputs.ALIAS)).revision()).isEqualTo("good-1");
        }
        assertThat(loaded).containsExactly("good-1");
        assertThat(rejected).singleElement().asString()
                .contains("entrypoint llmgw/authz/decision fails on sample input ")
                .contains("of /llmgw/samples.json: evaluation failed")
                .contains("the wasm engine does not provide the builtin http.send")
                .contains("policies/capabilities/wasm-builtins.json");
    }
}
