package io.llmgw.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgw.gateway.config.ConfigFileException;
import io.llmgw.gateway.config.YamlNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key file holds hashes only; a malformed or misspelt entry stops start-up naming its key. */
class KeyFileLoaderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-15T12:00:00Z"), ZoneOffset.UTC);
    private static final String SHA = KeyRegistry.sha256("sk-test");

    private static KeyRegistry load(String yaml) {
        return KeyFileLoader.load(YamlNode.parse(yaml, "keys.yaml"), CLOCK);
    }

    @Test
    void load_fullEntry_principalCarriesEverything() {
        var registry = load("""
                teams:
                  - {id: ml, models: [team-model]}
                keys:
                  - id: k1
                    sha256: %s
                    team: ml
                    user: alice
                    models: [a, "openai/*"]
                    metadata: {env: prod}
                    expires: 2027-01-01T00:00:00Z
                """.formatted(SHA.toUpperCase()));

        var principal = ((Authentication.Authenticated) registry.authenticate("sk-test")).principal();

        assertThat(principal).isEqualTo(new Principal("k1", "ml", "alice", List.of("a", "openai/*"),
                List.of("team-model"), Map.of("env", "prod")));
    }

    @Test
    void load_misspeltBlockedFlag_fails() {
        assertThatThrownBy(() -> load("keys:\n  - {id: k, sha256: %s, bloked: true}\n".formatted(SHA)))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("keys.yaml: keys[0] has unknown key keys[0].bloked");
    }

    @Test
    void load_plainKeyInsteadOfHash_failsNamingKey() {
        assertThatThrownBy(() -> load("keys:\n  - {id: k, sha256: sk-test}\n"))
                .hasMessage("keys.yaml: keys[0].sha256 must be 64 hex digits (the SHA-256 of the key, never the key"
                        + " itself)");
    }

    @Test
    void load_badExpiry_failsNamingKey() {
        assertThatThrownBy(() -> load("keys:\n  - {id: k, sha256: %s, expires: tomorrow}\n".formatted(SHA)))
                .hasMessageStartingWith("keys.yaml: keys[0].expires must be an ISO-8601 instant");
    }

    @Test
    void load_unknownTeam_fails() {
        assertThatThrownBy(() -> load("keys:\n  - {id: k, sha256: %s, team: nope}\n".formatted(SHA)))
                .hasMessage("keys.yaml: key k names unknown team nope");
    }

    @Test
    void load_duplicateHash_fails() {
        assertThatThrownBy(() -> load("keys:\n  - {id: a, sha256: %1$s}\n  - {id: b, sha256: %1$s}\n".formatted(SHA)))
                .hasMessageContaining("same sha256");
    }
}
