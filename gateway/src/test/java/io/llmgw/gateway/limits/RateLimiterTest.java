package io.llmgw.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgw.gateway.authz.CallConditions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixed windows aligned to the clock, every limit at once, tokens added after the call. */
class RateLimiterTest {

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-01T20:00:10Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final RateLimiter limiter = new RateLimiter(new InMemoryLimitStore(), clock);

    private static CallConditions.Limit requests(String bucket, long n) {
        return new CallConditions.Limit(bucket, n, 0, Duration.ofMinutes(1), "rate_limited");
    }

    @Test
    void admit_overTheLimit_refusedUntilTheWindowEnds() {
        limiter.admit(List.of(requests("b", 2)));
        limiter.admit(List.of(requests("b", 2)));

        assertThatThrownBy(() -> limiter.admit(List.of(requests("b", 2)))).isInstanceOfSatisfying(
                RateLimitedException.class, e -> {
                    assertThat(e.retryAfterSeconds()).isEqualTo(50);
                    assertThat(e.headers()).containsEntry("x-ratelimit-remaining-requests", "0")
                            .containsEntry("x-ratelimit-reset-requests", "50s");
                });
        clock.now = Instant.parse("2026-12-01T20:01:00Z");
        assertThat(limiter.admit(List.of(requests("b", 2))).headers())
                .containsEntry("x-ratelimit-remaining-requests", "1");
    }

    @Test
    void admit_oneLimitRefuses_nothingCountedAgainstTheOthers() {
        limiter.admit(List.of(requests("small", 1)));
        assertThatThrownBy(() -> limiter.admit(List.of(requests("big", 2), requests("small", 1))))
                .isInstanceOf(RateLimitedException.class);

        limiter.admit(List.of(requests("big", 2)));
        limiter.admit(List.of(requests("big", 2)));
        assertThatThrownBy(() -> limiter.admit(List.of(requests("big", 2)))).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void admit_tokensRecorded_refusesOnceSpent() {
        var limit = new CallConditions.Limit("t", 0, 100, Duration.ofHours(1), "token_budget");
        var first = limiter.admit(List.of(limit));
        assertThat(first.countsTokens()).isTrue();
        first.recordTokens(100);

        assertThatThrownBy(() -> limiter.admit(List.of(limit))).isInstanceOfSatisfying(RateLimitedException.class,
                e -> assertThat(e.clientMessage()).contains("tokens").contains("t"));
    }

    @Test
    void headers_severalLimits_reportTheOneWithLeastRoom() {
        var headers = limiter.admit(List.of(requests("wide", 100), requests("narrow", 3))).headers();

        assertThat(headers).containsEntry("x-ratelimit-limit-requests", "3")
                .containsEntry("x-ratelimit-remaining-requests", "2");
    }

    @Test
    void format_likeOpenAi() {
        assertThat(RateLimitHeaders.format(Duration.ofMillis(20))).isEqualTo("20ms");
        assertThat(RateLimitHeaders.format(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(RateLimitHeaders.format(Duration.ofMinutes(6))).isEqualTo("6m0s");
        assertThat(RateLimitHeaders.format(Duration.ofSeconds(3723))).isEqualTo("1h2m3s");
    }
}
