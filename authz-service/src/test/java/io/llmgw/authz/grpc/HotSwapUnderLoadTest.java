package io.llmgw.authz.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.llmgw.authz.AuthzApplication;
import io.llmgw.authz.Requests;
import io.llmgw.authz.TestConfigs;
import io.llmgw.authz.policy.BundleFiles;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles swapped while checks run: no check fails, and every decision comes from a live revision. */
class HotSwapUnderLoadTest {

    private static final int THREADS = 8;
    private static final int SWAPS = 20;

    @TempDir
    Path dir;

    @Test
    void check_bundleSwapped20TimesUnder8Threads_noErrorsAndEveryDecisionFromOneOfTheRevisions() throws Exception {
        Path a = dir.resolve("a.tar.gz");
        Path b = dir.resolve("b.tar.gz");
        BundleFiles.withRevision(TestConfigs.builtBundle(), a, "revision-a");
        BundleFiles.withRevision(TestConfigs.builtBundle(), b, "revision-b");
        Path live = dir.resolve("bundle.tar.gz");
        BundleFiles.replaceAtomically(a, live);

        AtomicLong checks = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Set<String> revisions = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        try (AuthzApplication app = AuthzApplication.start(TestConfigs.wasm(live, dir.resolve("d.log"), List.of()))) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", app.port()).usePlaintext().build();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            for (int t = 0; t < THREADS; t++) {
                pool.submit(() -> {
                    var stub = AuthorizationServiceGrpc.newBlockingStub(channel);
                    while (running.get()) {
                        try {
                            CheckResponse r = stub.withDeadlineAfter(10, TimeUnit.SECONDS).check(Requests.check(Requests.ALIAS));
                            if (r.getDecision() != Decision.DECISION_ALLOW) {
                                errors.incrementAndGet();
                            }
                            revisions.add(r.getPolicyRevision());
                            checks.incrementAndGet();
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                        }
                    }
                });
            }
            for (int swap = 1; swap <= SWAPS; swap++) {
                String target = swap % 2 == 1 ? "revision-b" : "revision-a";
                BundleFiles.replaceAtomically(swap % 2 == 1 ? b : a, live);
                // A new bundle is loaded, warmed and tried on its sample inputs before it goes live;
                // on a loaded two-core machine that takes seconds.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!app.revision().equals(target) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(app.revision()).as("live revision after swap %d", swap).isEqualTo(target);
            }
            running.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            channel.shutdownNow();
        }
        assertThat(errors.get()).as("failed or non-allow checks out of %d", checks.get()).isZero();
        assertThat(checks.get()).isGreaterThan(SWAPS);
        assertThat(revisions).containsExactlyInAnyOrder("revision-a", "revision-b");
    }
}
