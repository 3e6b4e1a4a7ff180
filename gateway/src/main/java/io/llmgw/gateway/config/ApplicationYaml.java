package io.llmgw.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

/**
 * The duplicate-key check of the gateway's own {@code application.yaml}. Helidon reads that
 * file with SnakeYAML's defaults, which keep the last of two equal keys and give no way to
 * refuse them, so the gateway parses the same file with {@link YamlNode} first and stops on a
 * duplicate, naming file and line. Environment variables and system properties are not YAML
 * and are not affected.
 */
public final class ApplicationYaml {

    static final String NAME = "application.yaml";

    private ApplicationYaml() {}

    /** Checks every {@code application.yaml} on the class path. */
    public static void requireNoDuplicateKeys() {
        requireNoDuplicateKeys(ApplicationYaml.class.getClassLoader());
    }

    /** Checks every {@code application.yaml} that {@code loader} finds. */
    static void requireNoDuplicateKeys(ClassLoader loader) {
        try {
            for (URL url : Collections.list(loader.getResources(NAME))) {
                try (InputStream in = url.openStream()) {
                    YamlNode.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), url.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + NAME + " from the class path", e);
        }
    }
}
