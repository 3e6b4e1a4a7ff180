package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * A decision cache in front of one bundle's engine. A decision is reused for a later input
 * whose {@link InputProjection} is the same, that is, equal on every path the policy can
 * read: the policy is a function of its input and the bundle's data, the bundle cannot use
 * time, randomness or the network (its build allows only wasm builtins), and this cache
 * lives and dies with the one bundle whose engine it fronts, so a hot swap starts afresh.
 *
 * <p>Every check still gets its own decision id and decision-log event; a reused decision is
 * marked {@code cached}. Evaluation failures are never cached. Decisions and listings share
 * one budget of approximately {@code maxBytes} of keys and values, evicted by Caffeine's
 * frequency-aware policy.
 */
public final class CachingPolicyEngine implements PolicyEngine {

    private static final Logger LOG = Logger.getLogger(CachingPolicyEngine.class.getName());
    /** Rough per-entry cost beyond the key and value text: objects, headers, the cache node. */
    private static final int ENTRY_OVERHEAD_BYTES = 160;

    private final PolicyEngine engine;
    private final InputProjection projection;
    private final Cache<String, Object> answers;

    /** Fronts {@code engine} with a cache keyed by {@code projection}, holding about {@code maxBytes}. */
    public CachingPolicyEngine(PolicyEngine engine, InputProjection projection, long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.engine = Objects.requireNonNull(engine, "engine");
        this.projection = Objects.requireNonNull(projection, "projection");
        this.answers = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Object answer) -> ENTRY_OVERHEAD_BYTES + key.length() + textLength(answer))
                .build();
    }

    /**
     * {@code engine} behind a decision cache of {@code maxBytes} when the bundle declares the
     * input paths its policy reads and none of them is the whole input; {@code engine} itself
     * otherwise, or when {@code maxBytes} is 0.
     */
    public static PolicyEngine around(PolicyEngine engine, PolicyBundle bundle, long maxBytes) {
        if (maxBytes == 0) {
            LOG.info(() -> "decision cache off for revision " + bundle.revision() + ": authz.decision-cache.max-bytes is 0");
            return engine;
        }
        var projection = bundle.inputPaths().flatMap(InputProjection::of);
        if (projection.isEmpty()) {
            LOG.info(() -> "decision cache off for revision " + bundle.revision() + ": "
                    + (bundle.inputPaths().isEmpty() ? "the bundle's manifest declares no metadata.llmgw.input_paths"
                            : "the policy may read the whole input"));
            return engine;
        }
        LOG.info(() -> "decision cache on for revision " + bundle.revision() + ", keyed by "
                + String.join(", ", projection.get().describe()) + " (about " + maxBytes + " bytes)");
        return new CachingPolicyEngine(engine, projection.get(), maxBytes);
    }

    @Override
    public Evaluation evaluate(JsonNode input) {
        long start = System.nanoTime();
        String key = "d" + projection.key(input);
        if (answers.getIfPresent(key) instanceof Evaluation hit) {
            return new Evaluation(hit.decision(), hit.revision(), Duration.ofNanos(System.nanoTime() - start), true);
        }
        Evaluation fresh = engine.evaluate(input);
        answers.put(key, fresh);
        return fresh;
    }

    @Override
    public Listing listAllowed(JsonNode input) {
        long start = System.nanoTime();
        String key = "l" + projection.key(input);
        if (answers.getIfPresent(key) instanceof Listing hit) {
            return new Listing(hit.models(), hit.revision(), Duration.ofNanos(System.nanoTime() - start), hit.valid(),
                    true);
        }
        Listing fresh = engine.listAllowed(input);
        answers.put(key, fresh);
        return fresh;
    }

    @Override
    public String revision() {
        return engine.revision();
    }

    /** Entries held now (for tests and diagnostics). */
    long size() {
        answers.cleanUp();
        return answers.estimatedSize();
    }

    @Override
    public void close() {
        answers.invalidateAll();
        engine.close();
    }

    private static int textLength(Object answer) {
        return switch (answer) {
            case Evaluation e -> e.decision().reasons().stream().mapToInt(r -> r.code().length() + r.message().length())
                    .sum();
            case Listing l -> l.models().stream().mapToInt(String::length).sum();
            default -> 0;
        };
    }
}
