package io.llmgw.gateway.keys;

import java.util.Map;
import java.util.Optional;

/**
 * The demo keys of {@code gateway/demo/keys.yaml}. The keys themselves are written in the
 * repository, so anyone can use them: a key file holding one of their hashes is refused
 * unless the gateway runs as the demo ({@code gateway.keys.allow-demo-keys}).
 */
final class DemoKeys {

    /** SHA-256 of each public demo key, and the key (it is public). */
    private static final Map<String, String> PUBLIC = Map.of(
            "8cd0e31914ea5eacc8b5e381f8cd83d4615450f6c655e48c9bb63b351a225abd", "sk-demo-alias-only",
            "1ca25df0b42b841616651baf351d367093e4139a1d7999f3cd8fd2a782cddf32", "sk-demo-other",
            "5553745214c6c782dab8a49195fecc8d1b9262a3967a6da78358b4744e80af12", "sk-demo-limited");

    private DemoKeys() {}

    /** The public key whose hash is {@code sha256}; empty for any other key. */
    static Optional<String> publicKeyOf(String sha256) {
        return Optional.ofNullable(PUBLIC.get(sha256));
    }
}
