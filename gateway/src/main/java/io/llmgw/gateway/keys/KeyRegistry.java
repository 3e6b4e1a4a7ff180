package io.llmgw.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Authenticates API keys against the SHA-256 hashes of the key file; it never stores a key.
 * The presented key is hashed first, so lookup time does not depend on how much of a real key
 * it shares, and the stored hash is then compared in constant time.
 */
public final class KeyRegistry implements KeyLookup {

    private final Map<String, KeyRecord> bySha256 = new HashMap<>();
    private final Map<String, Team> teams = new HashMap<>();
    private final Clock clock;
    private final int size;

    /** @throws IllegalArgumentException on duplicate ids or hashes, or a key naming an unknown team */
    public KeyRegistry(List<KeyRecord> keys, List<Team> teams, Clock clock) {
        this.clock = clock;
        teams.forEach(t -> {
            if (this.teams.put(t.id(), t) != null) {
                throw new IllegalArgumentException("team " + t.id() + " is listed twice");
            }
        });
        Set<String> ids = new HashSet<>();
        for (KeyRecord key : keys) {
            if (!ids.add(key.keyId())) {
                throw new IllegalArgumentException("key id " + key.keyId() + " is listed twice");
            }
            if (bySha256.put(key.sha256(), key) != null) {
                throw new IllegalArgumentException("key " + key.keyId() + " has the same sha256 as another key");
            }
            if (!key.teamId().isEmpty() && !this.teams.containsKey(key.teamId())) {
                throw new IllegalArgumentException("key " + key.keyId() + " names unknown team " + key.teamId());
            }
        }
        this.size = keys.size();
    }

    /** How many keys the registry holds. */
    public int size() {
        return size;
    }

    /**
     * Authenticates {@code presentedKey}; null or empty is {@link Authentication.Reason#MISSING}.
     * Expiry is judged now, at each lookup, so a key stops at its time without a reload.
     */
    @Override
    public Authentication authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return new Authentication.Rejected(Authentication.Reason.MISSING, "");
        }
        String sha = sha256(presentedKey);
        KeyRecord key = bySha256.get(sha);
        if (key == null || !MessageDigest.isEqual(key.sha256().getBytes(StandardCharsets.US_ASCII),
                sha.getBytes(StandardCharsets.US_ASCII))) {
            return new Authentication.Rejected(Authentication.Reason.UNKNOWN, "");
        }
        Team team = key.teamId().isEmpty() ? null : teams.get(key.teamId());
        if (key.blocked() || (team != null && team.blocked())) {
            return new Authentication.Rejected(Authentication.Reason.BLOCKED, key.keyId());
        }
        if (key.expiredAt(clock.instant())) {
            return new Authentication.Rejected(Authentication.Reason.EXPIRED, key.keyId());
        }
        return new Authentication.Authenticated(new Principal(key.keyId(), key.teamId(), key.userId(), key.models(),
                team == null ? List.of() : team.models(), key.metadata(), team == null ? Map.of() : team.metadata()));
    }

    /** Lower-case hex SHA-256 of {@code key}, the form the key file stores. */
    public static String sha256(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
