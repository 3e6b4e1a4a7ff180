package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgw.authz.TestConfigs;
import io.llmgw.authz.config.AuthzConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decision cache and the request parameters, on the built bundle: the tool rule reads
 * {@code input.request.params.tool_count}, so that path is declared and part of the key (a
 * call with tools is never answered with the cached allow of one without), while parameters
 * no rule reads, such as the body size, are not (calls differing only there share a decision).
 */
class RequestParamsCacheKeyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of(System.getProperty("llmgw.policy.src")).resolveSibling("fixtures");

    private PolicyEngine engine;
    private JsonNode plainCall;

    @BeforeEach
    void start() throws Exception {
        JsonNode fixtures = JSON.readTree(FIXTURES.resolve("obligations/data.json").toFile());
        JsonNode plain = null;
        for (JsonNode c : fixtures) {
            if (c.path("name").asText().equals("tools_teamWithoutTools_plainCall_allowed")) {
                plain = c;
            }
        }
        PolicyBundle built = PolicyBundle.read(TestConfigs.builtBundle());
        String data = JSON.createObjectNode().set("llmgw", JSON.createObjectNode().set("settings", plain.get("settings")))
                .toString();
        var bundle = new PolicyBundle(built.wasm(), data, built.revision(), built.entrypoints(), built.inputPaths());
        engine = CachingPolicyEngine.around(new WasmPolicyEngine(bundle, Entrypoints.DEFAULT, 1, 0), bundle,
                AuthzConfig.DEFAULT_DECISION_CACHE_BYTES);
        plainCall = plain.get("input");
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private JsonNode withParams(String field, int value) {
        ObjectNode input = plainCall.deepCopy();
        ((ObjectNode) input.at("/request/params")).put(field, value);
        return input;
    }

    @Test
    void bundle_declaresTheParamsItsRulesRead() throws Exception {
        assertThat(PolicyBundle.read(TestConfigs.builtBundle()).inputPaths().orElseThrow())
                .contains(List.of("request", "params", "tool_count"), List.of("request", "params", "has_images"))
                .doesNotContain(List.of("request", "params", "input_bytes"), List.of("request", "params"),
                        List.of("request"));
    }

    @Test
    void evaluate_toolCountDiffers_decidedAfreshNotFromCache() {
        Evaluation plain = engine.evaluate(withParams("tool_count", 0));
        Evaluation withTools = engine.evaluate(withParams("tool_count", 2));

        assertThat(plain.decision()).isInstanceOf(PolicyDecision.Allow.class);
        assertThat(withTools.cached()).isFalse();
        assertThat(withTools.decision().reasons()).extracting(Reason::code).containsExactly("tools_not_allowed");
    }

    @Test
    void evaluate_onlyBodySizeDiffers_decisionReused() {
        engine.evaluate(withParams("input_bytes", 100));
        Evaluation again = engine.evaluate(withParams("input_bytes", 90_000));

        assertThat(again.cached()).isTrue();
        assertThat(again.decision()).isInstanceOf(PolicyDecision.Allow.class);
    }
}
