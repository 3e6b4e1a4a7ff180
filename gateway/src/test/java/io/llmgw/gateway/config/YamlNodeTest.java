package io.llmgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key written twice in one mapping is refused, naming file, line and key, at any depth. */
class YamlNodeTest {

    @Test
    void parse_duplicateKeyInKeyEntry_failsNamingFileLineAndKey() {
        String yaml = """
                keys:
                  - id: k1
                    blocked: true
                    sha256: abc
                    blocked: false
                """;

        assertThatThrownBy(() -> YamlNode.parse(yaml, "keys.yaml"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("keys.yaml: line 5:")
                .hasMessageContaining("Duplicate field 'blocked'");
    }

    @Test
    void parse_duplicateTopLevelKey_fails() {
        assertThatThrownBy(() -> YamlNode.parse("model_list: []\nrouter_settings: {}\nmodel_list: []\n", "config.yaml"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("config.yaml: line 3:")
                .hasMessageContaining("'model_list'");
    }

    @Test
    void parse_duplicateKeyInFlowMapping_fails() {
        assertThatThrownBy(() -> YamlNode.parse("teams:\n  - {id: a, blocked: true, blocked: false}\n", "keys.yaml"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("keys.yaml: line 2:")
                .hasMessageContaining("'blocked'");
    }

    @Test
    void applicationYaml_duplicateKey_stopsStartUpNamingFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(ApplicationYaml.NAME), "gateway:\n  keys:\n    file: a.yaml\n    file: b.yaml\n");

        try (var loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> ApplicationYaml.requireNoDuplicateKeys(loader))
                    .isInstanceOf(ConfigFileException.class)
                    .hasMessageContaining("application.yaml: line 4:")
                    .hasMessageContaining("'file'");
        }
    }

    @Test
    void applicationYaml_packagedDefaults_haveNoDuplicateKey() {
        ApplicationYaml.requireNoDuplicateKeys();
    }
}
