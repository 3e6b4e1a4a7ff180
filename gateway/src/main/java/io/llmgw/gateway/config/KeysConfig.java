package io.llmgw.gateway.config;

import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The key file and how it is watched ({@code gateway.keys}).
 *
 * @param file the key file (YAML, SHA-256 hashes only)
 * @param reloadInterval how often the file is read again; a change takes effect within it
 * @param allowDemoKeys whether the public demo keys of the repository may be served; only the
 *     demo ({@code make run}, the tests) sets it, so a copy of the demo configuration never
 *     goes live with keys anyone can read
 */
public record KeysConfig(Path file, Duration reloadInterval, boolean allowDemoKeys) {

    static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(1);

    public KeysConfig {
        Objects.requireNonNull(file, "gateway.keys.file");
        Durations.requirePositive("gateway.keys.reload-interval", reloadInterval);
    }

    /** Reads the {@code gateway.keys} node. */
    public static KeysConfig from(Config node) {
        return new KeysConfig(
                node.get("file").asString().map(Path::of).orElseThrow(
                        () -> new IllegalArgumentException("gateway.keys.file is required")),
                node.get("reload-interval").as(Duration.class).orElse(DEFAULT_RELOAD_INTERVAL),
                node.get("allow-demo-keys").asBoolean().orElse(false));
    }
}
