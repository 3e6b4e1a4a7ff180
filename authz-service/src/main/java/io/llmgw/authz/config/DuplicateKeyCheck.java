package io.llmgw.authz.config;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Refuses an {@code application.yaml} with a key written twice in one mapping. Helidon reads
 * the file with SnakeYAML's defaults, which keep the last of two equal keys (a later
 * {@code reflection: true} would silently win); this parses the same file first with
 * SnakeYAML's own switch, {@link LoaderOptions#setAllowDuplicateKeys(boolean)}, and stops
 * start-up naming file and line.
 */
public final class DuplicateKeyCheck {

    static final String NAME = "application.yaml";

    private DuplicateKeyCheck() {}

    /** Checks every {@code application.yaml} on the class path. */
    public static void requireNoDuplicateKeys() {
        requireNoDuplicateKeys(DuplicateKeyCheck.class.getClassLoader());
    }

    /**
     * Checks every {@code application.yaml} that {@code loader} finds.
     *
     * @throws IllegalArgumentException naming file, line and key of a duplicate, or the parse fault
     */
    static void requireNoDuplicateKeys(ClassLoader loader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            for (URL url : Collections.list(loader.getResources(NAME))) {
                try (Reader in = new InputStreamReader(url.openStream(), StandardCharsets.UTF_8)) {
                    new Yaml(new SafeConstructor(options)).loadAll(in).forEach(document -> { });
                } catch (DuplicateKeyException e) {
                    throw new IllegalArgumentException(url + ": line " + (e.getProblemMark().getLine() + 1) + ": "
                            + e.getProblem(), e);
                } catch (YAMLException e) {
                    throw new IllegalArgumentException(url + ": not valid YAML (" + e.getMessage() + ")", e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + NAME + " from the class path", e);
        }
    }
}
