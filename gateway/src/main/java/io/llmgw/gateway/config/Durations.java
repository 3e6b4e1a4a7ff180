package io.llmgw.gateway.config;

import java.time.Duration;

/** Checks of configured durations; the message names the config key. */
final class Durations {

    private Durations() {}

    static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive ISO-8601 duration such as PT0.05S, was "
                    + value);
        }
    }

    static void requireNotNegative(String key, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative, was " + value);
        }
    }
}
