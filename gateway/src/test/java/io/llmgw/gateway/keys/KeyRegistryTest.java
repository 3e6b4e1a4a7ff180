package io.llmgw.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Presented keys are refused for every reason the key file gives, and accepted otherwise. */
class KeyRegistryTest {

    private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");

    private static KeyRecord key(String id, Optional<Instant> expires, boolean blocked) {
        return new KeyRecord(id, KeyRegistry.sha256("sk-" + id), "", "", List.of("*"), Map.of(), expires, blocked);
    }

    private final KeyRegistry registry = new KeyRegistry(List.of(
            key("live", Optional.of(NOW.plusSeconds(1)), false),
            key("expired", Optional.of(NOW), false),
            key("blocked", Optional.empty(), true)), List.of(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void authenticate_liveKey_principal() {
        assertThat(registry.authenticate("sk-live")).isInstanceOf(Authentication.Authenticated.class);
    }

    @Test
    void authenticate_expiryReached_expired() {
        assertThat(registry.authenticate("sk-expired"))
                .isEqualTo(new Authentication.Rejected(Authentication.Reason.EXPIRED, "expired"));
    }

    @Test
    void authenticate_blocked_blocked() {
        assertThat(registry.authenticate("sk-blocked"))
                .isEqualTo(new Authentication.Rejected(Authentication.Reason.BLOCKED, "blocked"));
    }

    @Test
    void authenticate_unknownOrNearMiss_unknownWithoutKeyId() {
        assertThat(registry.authenticate("sk-liv"))
                .isEqualTo(new Authentication.Rejected(Authentication.Reason.UNKNOWN, ""));
    }

    @Test
    void authenticate_nothing_missing() {
        assertThat(registry.authenticate("")).isEqualTo(new Authentication.Rejected(Authentication.Reason.MISSING, ""));
        assertThat(registry.authenticate(null)).isEqualTo(new Authentication.Rejected(Authentication.Reason.MISSING, ""));
    }

    @Test
    void generate_newKeyAuthenticatesByItsPrintedHash() {
        var generated = new KeyGenerator(new SecureRandom()).generate();
        var withIt = new KeyRegistry(List.of(new KeyRecord("new", generated.sha256(), "", "", List.of(), Map.of(),
                Optional.empty(), false)), List.of(), Clock.systemUTC());

        assertThat(generated.key()).startsWith("sk-").hasSize(46);
        assertThat(withIt.authenticate(generated.key())).isInstanceOf(Authentication.Authenticated.class);
        assertThat(generated.toString()).doesNotContain(generated.key());
    }
}
