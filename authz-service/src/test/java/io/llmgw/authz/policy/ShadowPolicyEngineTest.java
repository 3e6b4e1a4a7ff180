package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgw.authz.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live engine under concurrent load with a candidate beside it: an agreeing candidate
 * reports no disagreement, one whose block list takes the alias away reports exactly the
 * allowed checks as allow->deny, and the live answers are the live policy's throughout. A
 * candidate too slow to keep up drops samples (counted) without slowing the live answers.
 */
class ShadowPolicyEngineTest {

    private static final int THREADS = 4;
    private static final int CHECKS_PER_THREAD = 500;
    private static final JsonNode ALLOWED = PolicyInputs.check(PolicyInputs.ALIAS);
    private static final JsonNode DENIED = PolicyInputs.check("gpt-4o", "gpt-4o-mini", "gpt-4o-mini");

    @TempDir
    static Path dir;

    private static Path blocking;

    /** Counts what the shadow reports. */
    private static final class Counts implements ShadowPolicyEngine.Observer {
        final AtomicLong agreed = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final Map<DecisionChange, AtomicLong> disagreed = new ConcurrentHashMap<>();

        @Override
        public void agreed() {
            agreed.incrementAndGet();
        }

        @Override
        public void disagreed(DecisionChange change, JsonNode input, Evaluation live, Evaluation candidate) {
            disagreed.computeIfAbsent(change, c -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public void skipped(String why) {
            skipped.incrementAndGet();
        }

        @Override
        public void dropped() {
            dropped.incrementAndGet();
        }
    }

    @BeforeAll
    static void buildCandidate() throws Exception {
        blocking = PolicyBuilds.build(dir.resolve("blocking"), "settings/data.json",
                settings -> settings.replace("\"models\": []", "\"models\": [\"" + PolicyInputs.ALIAS + "\"]"));
    }

    private static PolicyEngine wasm(Path bundle) throws Exception {
        return new WasmPolicyEngine(PolicyBundle.read(bundle), Entrypoints.DEFAULT, 2, 0);
    }

    private static PolicyEngine watching(Path bundle) {
        return new HotSwapPolicyEngine(bundle, Duration.ofHours(1), Entrypoints.DEFAULT,
                b -> new WasmPolicyEngine(b, Entrypoints.DEFAULT, 1, 0), BundleListener.NONE);
    }

    /** Runs the checks from several threads; returns how many the live policy allowed. */
    private static long load(ShadowPolicyEngine shadow, String liveRevision) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Long>> allowed = new java.util.ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                allowed.add(pool.submit(() -> {
                    long n = 0;
                    for (int i = 0; i < CHECKS_PER_THREAD; i++) {
                        Evaluation e = shadow.evaluate((i + thread) % 3 == 0 ? DENIED : ALLOWED);
                        assertThat(e.revision()).isEqualTo(liveRevision);
                        n += e.decision() instanceof PolicyDecision.Allow ? 1 : 0;
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Long> f : allowed) {
                total += f.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shadow_agreeingCandidateUnderLoad_noDisagreement() throws Exception {
        Counts counts = new Counts();
        String revision = PolicyBundle.read(TestConfigs.builtBundle()).revision();
        try (var shadow = new ShadowPolicyEngine(wasm(TestConfigs.builtBundle()), watching(TestConfigs.builtBundle()), 1.0,
                THREADS * CHECKS_PER_THREAD, counts)) {
            load(shadow, revision);
            assertThat(shadow.drain(60_000)).isTrue();
        }
        assertThat(counts.agreed).hasValue(THREADS * CHECKS_PER_THREAD);
        assertThat(counts.disagreed).isEmpty();
        assertThat(counts.dropped).hasValue(0);
        assertThat(counts.skipped).hasValue(0);
    }

    @Test
    void shadow_candidateBlockingTheAlias_reportsExactlyTheAllowedChecks() throws Exception {
        Counts counts = new Counts();
        String revision = PolicyBundle.read(TestConfigs.builtBundle()).revision();
        long allowed;
        try (var shadow = new ShadowPolicyEngine(wasm(TestConfigs.builtBundle()), watching(blocking), 1.0,
                THREADS * CHECKS_PER_THREAD, counts)) {
            allowed = load(shadow, revision);
            assertThat(shadow.drain(60_000)).isTrue();
            assertThat(shadow.candidateRevision()).isEqualTo(PolicyBundle.read(blocking).revision());
        }
        assertThat(allowed).isPositive();
        assertThat(counts.disagreed).containsOnlyKeys(DecisionChange.ALLOW_TO_DENY);
        assertThat(counts.disagreed.get(DecisionChange.ALLOW_TO_DENY)).hasValue(allowed);
        assertThat(counts.agreed).hasValue(THREADS * CHECKS_PER_THREAD - allowed);
        assertThat(counts.dropped).hasValue(0);
    }

    @Test
    void shadow_candidateTooSlow_dropsSamplesAndLiveAnswersDoNotWait() throws Exception {
        Counts counts = new Counts();
        PolicyEngine live = wasm(TestConfigs.builtBundle());
        // A unit-test boundary: a candidate that does not finish a check until the test lets it.
        CountDownLatch release = new CountDownLatch(1);
        PolicyEngine slow = new PolicyEngine() {
            @Override
            public Evaluation evaluate(JsonNode input) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return live.evaluate(input);
            }

            @Override
            public Listing listAllowed(JsonNode input) {
                return live.listAllowed(input);
            }

            @Override
            public String revision() {
                return "slow";
            }

            @Override
            public void close() {}
        };
        try (var shadow = new ShadowPolicyEngine(live, slow, 1.0, 2, counts)) {
            for (int i = 0; i < 100; i++) {
                assertThat(shadow.evaluate(ALLOWED).decision()).isInstanceOf(PolicyDecision.Allow.class);
            }
            // Had a live check waited for the candidate, this loop would never have ended. The
            // candidate holds one sample, the queue two; the first may not have been taken yet.
            assertThat(counts.dropped.get()).isBetween(97L, 98L);
            release.countDown();
        }
    }
}
