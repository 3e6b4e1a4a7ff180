package io.llmgw.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates API keys against SHA-256 hashes; the registry never stores a key itself.
 * Lookup is by hash, so the time it takes does not depend on how much of a key matches.
 */
public final class KeyRegistry {

    private final Map<String, KeyRecord> bySha256;

    /** @param bySha256 key records by the lower-case hex SHA-256 of their key */
    public KeyRegistry(Map<String, KeyRecord> bySha256) {
        this.bySha256 = Map.copyOf(bySha256);
    }

    /** The record of {@code presentedKey}, or empty when it is unknown. */
    public Optional<KeyRecord> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(bySha256.get(sha256(presentedKey)));
    }

    /** Lower-case hex SHA-256 of {@code key}, the form the registry stores. */
    public static String sha256(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
