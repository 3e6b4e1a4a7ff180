package io.llmgw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Waits double from the backoff, a short Retry-After is waited out, a long one ends the retries. */
class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");
    private static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofMillis(250));

    @Test
    void waitBefore_noRetryAfter_doublesUpToEightSeconds() {
        assertThat(POLICY.waitBefore(1, Optional.empty(), NOW)).contains(Duration.ofMillis(250));
        assertThat(POLICY.waitBefore(2, Optional.empty(), NOW)).contains(Duration.ofMillis(500));
        assertThat(POLICY.waitBefore(30, Optional.empty(), NOW)).contains(Duration.ofSeconds(8));
    }

    @Test
    void waitBefore_shortRetryAfterInSecondsOrAsDate_waitedOut() {
        assertThat(POLICY.waitBefore(1, Optional.of("1"), NOW)).contains(Duration.ofSeconds(1));
        assertThat(POLICY.waitBefore(1, Optional.of("Wed, 02 Dec 2026 00:00:02 GMT"), NOW))
                .contains(Duration.ofSeconds(2));
        assertThat(POLICY.waitBefore(1, Optional.of("Tue, 01 Dec 2026 23:00:00 GMT"), NOW)).contains(Duration.ZERO);
    }

    @Test
    void waitBefore_retryAfterLongerThanTwoSeconds_noRetry() {
        assertThat(POLICY.waitBefore(1, Optional.of("7"), NOW)).isEmpty();
        assertThat(POLICY.waitBefore(1, Optional.of("Wed, 02 Dec 2026 00:01:00 GMT"), NOW)).isEmpty();
    }
}
