package io.llmgw.gateway.keys;

import java.security.SecureRandom;
import java.util.Base64;

/** Makes new API keys: {@code sk-} and 256 random bits, URL-safe. */
public final class KeyGenerator {

    private static final int RANDOM_BYTES = 32;

    private final SecureRandom random;

    /** @param random source of the key's bits */
    public KeyGenerator(SecureRandom random) {
        this.random = random;
    }

    /**
     * A new key and the hash the key file stores for it.
     *
     * @param key the key, to be shown once and never stored by the gateway
     * @param sha256 lower-case hex SHA-256 of the key
     */
    public record NewKey(String key, String sha256) {
        @Override
        public String toString() {
            return "NewKey[sha256=" + sha256 + "]";
        }
    }

    /** Generates a key. */
    public NewKey generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String key = "sk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new NewKey(key, KeyRegistry.sha256(key));
    }
}
