package io.llmgw.gateway.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgw.gateway.testing.FakeAuthz;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Warm-up waits for SERVING, then sends labelled checks and listings; without a service it gives up. */
class AuthzWarmupTest {

    @Test
    void run_serving_sendsChecksAndListingsAsTheWarmupPrincipal() {
        var authz = new FakeAuthz();

        assertThat(AuthzWarmup.run(authz, Duration.ZERO)).isTrue();

        assertThat(authz.asked()).isNotEmpty().allSatisfy(asked -> {
            assertThat(asked.principal().keyId()).isEqualTo(AuthzWarmup.WARMUP_KEY_ID);
            assertThat(asked.request().requestId()).startsWith("warmup-");
        });
        assertThat(authz.asked()).extracting(a -> a.models().size()).contains(1);
    }

    @Test
    void run_notServing_givesUpAfterWaitWithoutCalls() {
        var authz = new FakeAuthz();
        authz.setAvailable(false);

        assertThat(AuthzWarmup.run(authz, Duration.ofMillis(300))).isFalse();
        assertThat(authz.asked()).isEmpty();
    }
}
