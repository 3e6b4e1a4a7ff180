package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live engine, with a candidate policy evaluated beside it off the hot path: a configured
 * share of decisions is queued, with the live answer, for one background thread that asks the
 * candidate and reports whether it agrees. The caller always gets the live answer, never
 * waits for the candidate, and a full queue drops the sample (counted) rather than block.
 *
 * <p>The background thread polls the queue and takes what has gathered in one batch, rather
 * than waiting on it: a waiting consumer must be woken by the producer, which would put a
 * thread wake-up (a system call, and a second busy core) on every shadowed check. Samples
 * wait at most {@link #IDLE_POLL} before their comparison starts.
 * Listings are served by the live engine only: shadowing compares decisions.
 *
 * <p>Promotion is replacing the live bundle with the candidate (publishing it); the shadow
 * then agrees with everything until the next candidate.
 */
public final class ShadowPolicyEngine implements PolicyEngine {

    /** Told of each shadow comparison; called on the shadow thread. */
    public interface Observer {
        /** The candidate decided {@code input} as the live policy did. */
        void agreed();

        /** The candidate decided {@code input} differently. */
        void disagreed(DecisionChange change, JsonNode input, Evaluation live, Evaluation candidate);

        /** The sample could not be compared: no candidate is loaded, or it failed to evaluate. */
        void skipped(String why);

        /** A sample was dropped because the queue was full. */
        void dropped();
    }

    /** How long the background thread sleeps when it finds the queue empty. */
    static final Duration IDLE_POLL = Duration.ofMillis(2);

    private record Sample(JsonNode input, Evaluation live) {}

    private final PolicyEngine live;
    private final PolicyEngine candidate;
    private final double share;
    private final Observer observer;
    private final BlockingQueue<Sample> queue;
    private final Thread worker;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong compared = new AtomicLong();

    /**
     * @param live the engine whose answers are served
     * @param candidate the engine compared with it (typically a {@link HotSwapPolicyEngine} on the candidate bundle)
     * @param share the fraction of decisions compared, from 0 to 1
     * @param queueCapacity samples waiting at most; more are dropped
     */
    public ShadowPolicyEngine(PolicyEngine live, PolicyEngine candidate, double share, int queueCapacity,
            Observer observer) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be from 0 to 1, was " + share);
        }
        this.live = Objects.requireNonNull(live, "live");
        this.candidate = Objects.requireNonNull(candidate, "candidate");
        this.share = share;
        this.observer = Objects.requireNonNull(observer, "observer");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.worker = Thread.ofPlatform().daemon().name("shadow-evaluation").start(this::compareAll);
    }

    @Override
    public Evaluation evaluate(JsonNode input) {
        Evaluation answer = live.evaluate(input);
        if (share > 0 && (share >= 1 || ThreadLocalRandom.current().nextDouble() < share)) {
            if (queue.offer(new Sample(input, answer))) {
                queued.incrementAndGet();
            } else {
                observer.dropped();
            }
        }
        return answer;
    }

    private void compareAll() {
        List<Sample> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            if (queue.drainTo(batch) == 0) {
                try {
                    Thread.sleep(IDLE_POLL);
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            for (Sample sample : batch) {
                compare(sample);
                compared.incrementAndGet();
            }
            batch.clear();
        }
    }

    private void compare(Sample sample) {
        Evaluation other;
        try {
            other = candidate.evaluate(sample.input());
        } catch (PolicyUnavailableException e) {
            observer.skipped("no candidate bundle is loaded");
            return;
        } catch (RuntimeException e) {
            observer.skipped("the candidate failed to evaluate: " + e.getMessage());
            return;
        }
        Optional<DecisionChange> change = DecisionChange.between(sample.live().decision(), other.decision());
        if (change.isPresent()) {
            observer.disagreed(change.get(), sample.input(), sample.live(), other);
        } else {
            observer.agreed();
        }
    }

    /** Samples compared (or skipped) so far. */
    public long compared() {
        return compared.get();
    }

    /** Waits up to {@code timeoutMillis} until every queued sample has been compared; true when none is left. */
    public boolean drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (compared.get() < queued.get()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public Listing listAllowed(JsonNode input) {
        return live.listAllowed(input);
    }

    @Override
    public String revision() {
        return live.revision();
    }

    /** Revision of the candidate; empty while none is loaded. */
    public String candidateRevision() {
        return candidate.revision();
    }

    @Override
    public void close() {
        worker.interrupt();
        candidate.close();
        live.close();
    }
}
