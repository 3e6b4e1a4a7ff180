package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgw.authz.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CachingPolicyEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InputProjection PRINCIPAL_AND_MODELS =
            InputProjection.of(List.of(List.of("principal"), List.of("models"))).orElseThrow();

    /** Answers allow for key "good", deny otherwise, and records what it was asked. */
    private static final class RecordingEngine implements PolicyEngine {
        final List<JsonNode> asked = new ArrayList<>();
        boolean failing;
        boolean closed;

        @Override
        public Evaluation evaluate(JsonNode input) {
            asked.add(input);
            if (failing) {
                throw new PolicyEvaluationException("module trapped", null);
            }
            boolean good = input.path("principal").path("key_id").asText().equals("good");
            return new Evaluation(good ? new PolicyDecision.Allow(List.of())
                    : new PolicyDecision.Deny(List.of(new Reason("key_model_access_denied", "no")), 403), "rev-1",
                    Duration.ofMillis(1));
        }

        @Override
        public Listing listAllowed(JsonNode input) {
            asked.add(input);
            return new Listing(List.of(input.path("principal").path("key_id").asText()), "rev-1", Duration.ofMillis(1),
                    true);
        }

        @Override
        public String revision() {
            return "rev-1";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static JsonNode check(String key, String requestId) throws Exception {
        return JSON.readTree("""
                {"principal": {"key_id": "%s"}, "model": {"requested": "m"}, "request": {"request_id": "%s"}}"""
                .formatted(key, requestId));
    }

    @Test
    void evaluate_sameReadAttributesOtherRequestId_reusesDecisionMarkedCached() throws Exception {
        var engine = new RecordingEngine();
        var cache = new CachingPolicyEngine(engine, PRINCIPAL_AND_MODELS, 1 << 20);

        Evaluation first = cache.evaluate(check("good", "r1"));
        Evaluation second = cache.evaluate(check("good", "r2"));

        assertThat(engine.asked).hasSize(1);
        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.decision()).isEqualTo(first.decision());
        assertThat(second.revision()).isEqualTo("rev-1");
        assertThat(second.elapsed()).isLessThan(Duration.ofMillis(1));
    }

    @Test
    void evaluate_readAttributeDiffers_evaluatesAgain() throws Exception {
        var engine = new RecordingEngine();
        var cache = new CachingPolicyEngine(engine, PRINCIPAL_AND_MODELS, 1 << 20);

        Evaluation allowed = cache.evaluate(check("good", "r1"));
        Evaluation denied = cache.evaluate(check("bad", "r1"));

        assertThat(engine.asked).hasSize(2);
        assertThat(allowed.decision()).isInstanceOf(PolicyDecision.Allow.class);
        assertThat(denied.decision()).isInstanceOf(PolicyDecision.Deny.class);
        assertThat(denied.cached()).isFalse();
    }

    @Test
    void evaluate_engineFails_failureIsNotCached() throws Exception {
        var engine = new RecordingEngine();
        var cache = new CachingPolicyEngine(engine, PRINCIPAL_AND_MODELS, 1 << 20);
        engine.failing = true;

        assertThatThrownBy(() -> cache.evaluate(check("good", "r1"))).isInstanceOf(PolicyEvaluationException.class);
        engine.failing = false;

        assertThat(cache.evaluate(check("good", "r2")).cached()).isFalse();
        assertThat(engine.asked).hasSize(2);
    }

    @Test
    void listAllowed_sameReadAttributes_reusesListingButNeverADecision() throws Exception {
        var engine = new RecordingEngine();
        var cache = new CachingPolicyEngine(engine, PRINCIPAL_AND_MODELS, 1 << 20);
        JsonNode input = check("good", "r1");

        cache.evaluate(input);
        Listing first = cache.listAllowed(input);
        Listing second = cache.listAllowed(check("good", "r2"));

        assertThat(engine.asked).hasSize(2);
        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.models()).containsExactly("good");
    }

    @Test
    void evaluate_manyDistinctPrincipals_memoryStaysWithinItsBudget() throws Exception {
        var engine = new RecordingEngine();
        var cache = new CachingPolicyEngine(engine, PRINCIPAL_AND_MODELS, 64 * 1024);

        for (int i = 0; i < 5_000; i++) {
            cache.evaluate(check("key-" + i, "r"));
        }

        // An entry weighs at least its overhead and key (~200 bytes here): under ~330 fit.
        assertThat(cache.size()).isBetween(1L, 330L);
    }

    @Test
    void close_closesTheEngine() {
        var engine = new RecordingEngine();
        new CachingPolicyEngine(engine, PRINCIPAL_AND_MODELS, 1024).close();

        assertThat(engine.closed).isTrue();
    }

    @Test
    void around_builtBundle_cachesKeyedByWhatThePolicyReads() {
        PolicyBundle bundle = PolicyBundle.read(TestConfigs.builtBundle());

        assertThat(bundle.inputPaths()).contains(List.of(List.of("model"), List.of("models"),
                List.of("operation", "endpoint"), List.of("principal"), List.of("request", "clock", "hour"),
                List.of("request", "clock", "weekday"), List.of("request", "params", "has_images"),
                List.of("request", "params", "tool_count")));
        assertThat(CachingPolicyEngine.around(new RecordingEngine(), bundle, 1024)).isInstanceOf(CachingPolicyEngine.class);
    }

    @Test
    void around_bundleWithoutInputPathsOrReadingWholeInputOrZeroBudget_noCache() {
        PolicyBundle built = PolicyBundle.read(TestConfigs.builtBundle());
        var undeclared = new PolicyBundle(built.wasm(), built.data(), built.revision(), built.entrypoints(),
                Optional.empty());
        var whole = new PolicyBundle(built.wasm(), built.data(), built.revision(), built.entrypoints(),
                Optional.of(List.of(List.of())));
        var engine = new RecordingEngine();

        assertThat(CachingPolicyEngine.around(engine, undeclared, 1024)).isSameAs(engine);
        assertThat(CachingPolicyEngine.around(engine, whole, 1024)).isSameAs(engine);
        assertThat(CachingPolicyEngine.around(engine, built, 0)).isSameAs(engine);
    }

    /** Denies with one reason of {@code reasonLength} characters and lists one name of that length. */
    private static final class VerboseEngine extends RecordingEngineBase {
        final int reasonLength;

        VerboseEngine(int reasonLength) {
            this.reasonLength = reasonLength;
        }

        @Override
        public Evaluation evaluate(JsonNode input) {
            return new Evaluation(new PolicyDecision.Deny(List.of(new Reason("c", "m".repeat(reasonLength))), 403),
                    "rev-1", Duration.ofMillis(1));
        }

        @Override
        public Listing listAllowed(JsonNode input) {
            return new Listing(List.of("n".repeat(reasonLength)), "rev-1", Duration.ofMillis(1), true);
        }
    }

    private abstract static class RecordingEngineBase implements PolicyEngine {
        @Override
        public String revision() {
            return "rev-1";
        }

        @Override
        public void close() {}
    }

    @Test
    void evaluate_longReasons_weighedByTheirLength() throws Exception {
        var cache = new CachingPolicyEngine(new VerboseEngine(8_000), PRINCIPAL_AND_MODELS, 64 * 1024);

        for (int i = 0; i < 100; i++) {
            cache.evaluate(check("key-" + i, "r"));
        }

        // Each entry weighs over 8,000: at most 8 fit in 64 KiB.
        assertThat(cache.size()).isBetween(1L, 8L);
    }

    @Test
    void listAllowed_longNames_weighedByTheirLength() throws Exception {
        var cache = new CachingPolicyEngine(new VerboseEngine(8_000), PRINCIPAL_AND_MODELS, 64 * 1024);

        for (int i = 0; i < 100; i++) {
            cache.listAllowed(check("key-" + i, "r"));
        }

        assertThat(cache.size()).isBetween(1L, 8L);
    }

    @Test
    void close_dropsEveryEntry() throws Exception {
        var engine = new RecordingEngine();
        var cache = new CachingPolicyEngine(engine, PRINCIPAL_AND_MODELS, 1 << 20);
        cache.evaluate(check("good", "r1"));
        cache.listAllowed(check("good", "r1"));
        assertThat(cache.size()).isEqualTo(2);

        cache.close();

        assertThat(cache.size()).isZero();
    }

    @Test
    void listAllowed_hit_elapsedIsTheLookupAndValidityKept() throws Exception {
        var cache = new CachingPolicyEngine(new RecordingEngine(), PRINCIPAL_AND_MODELS, 1 << 20);
        cache.listAllowed(check("good", "r1"));

        Listing hit = cache.listAllowed(check("good", "r2"));

        assertThat(hit.cached()).isTrue();
        assertThat(hit.valid()).isTrue();
        assertThat(hit.revision()).isEqualTo("rev-1");
        assertThat(hit.elapsed()).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(Duration.ofMillis(1));
    }

    @Test
    void revision_isTheEnginesRevision() {
        assertThat(new CachingPolicyEngine(new RecordingEngine(), PRINCIPAL_AND_MODELS, 1).revision()).isEqualTo("rev-1");
    }

    @Test
    void constructor_noBudgetOrNoEngine_refused() {
        assertThatThrownBy(() -> new CachingPolicyEngine(new RecordingEngine(), PRINCIPAL_AND_MODELS, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBytes must be positive, was 0");
        assertThatThrownBy(() -> new CachingPolicyEngine(null, PRINCIPAL_AND_MODELS, 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("engine");
        assertThatThrownBy(() -> new CachingPolicyEngine(new RecordingEngine(), null, 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("projection");
    }
}
