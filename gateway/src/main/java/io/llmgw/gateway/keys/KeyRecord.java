package io.llmgw.gateway.keys;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An entry of the key file: what the gateway knows about one API key. Never holds the key,
 * only its SHA-256.
 *
 * @param keyId stable identifier of the key, safe to log
 * @param sha256 lower-case hex SHA-256 of the key
 * @param teamId team of the key; empty when none
 * @param userId user the key was issued to; empty when unknown
 * @param models model grants of the key (names, patterns, access groups, {@code *})
 * @param metadata free-form labels passed to the policy
 * @param expires when the key stops working; empty for never
 * @param blocked whether the key is refused regardless of expiry
 */
public record KeyRecord(String keyId, String sha256, String teamId, String userId, List<String> models,
        Map<String, String> metadata, Optional<Instant> expires, boolean blocked) {

    public KeyRecord {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("key id must not be blank");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits (the SHA-256 of the key)");
        }
        teamId = Objects.requireNonNullElse(teamId, "");
        userId = Objects.requireNonNullElse(userId, "");
        models = List.copyOf(models);
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(expires, "expires");
    }

    /** Whether the key has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expires.map(e -> !now.isBefore(e)).orElse(false);
    }
}
