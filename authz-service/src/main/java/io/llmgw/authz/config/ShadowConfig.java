package io.llmgw.authz.config;

import io.helidon.config.Config;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Shadow evaluation: a candidate bundle evaluated beside the live one for a share of checks,
 * off the hot path (see {@link io.llmgw.authz.policy.ShadowPolicyEngine}).
 *
 * @param bundle the candidate bundle file, watched like the live one; empty turns shadowing off
 * @param share the fraction of checks compared, from 0 to 1
 * @param queueCapacity comparisons waiting at most; more are dropped and counted
 */
public record ShadowConfig(Optional<Path> bundle, double share, int queueCapacity) {

    /** No shadow evaluation. */
    public static final ShadowConfig OFF = new ShadowConfig(Optional.empty(), 1.0, 10_000);

    public ShadowConfig {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("authz.shadow.share must be from 0 to 1, was " + share);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("authz.shadow.queue-capacity must be at least 1, was " + queueCapacity);
        }
    }

    /** Reads the {@code authz.shadow} node. */
    static ShadowConfig from(Config c) {
        return new ShadowConfig(c.get("bundle").asString().filter(s -> !s.isBlank()).map(Path::of),
                c.get("share").asDouble().orElse(OFF.share()), c.get("queue-capacity").asInt().orElse(OFF.queueCapacity()));
    }
}
