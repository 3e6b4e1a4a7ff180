package io.llmgw.authz.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key written twice in application.yaml stops start-up naming file and line; the packaged one has none. */
class DuplicateKeyCheckTest {

    @Test
    void requireNoDuplicateKeys_keyTwice_failsNamingFileLineAndKey(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(DuplicateKeyCheck.NAME), "authz:\n  reflection: false\n  port: 9191\n"
                + "  reflection: true\n");

        try (var loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> DuplicateKeyCheck.requireNoDuplicateKeys(loader))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("application.yaml: line 4: found duplicate key reflection");
        }
    }

    @Test
    void requireNoDuplicateKeys_packagedDefaults_pass() {
        DuplicateKeyCheck.requireNoDuplicateKeys();
    }
}
