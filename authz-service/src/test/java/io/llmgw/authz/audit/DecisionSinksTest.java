package io.llmgw.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionSinksTest {

    @TempDir
    Path dir;

    @Test
    void rotatingFile_pastMaxBytes_rotatesAndKeepsTheConfiguredGenerations() throws Exception {
        Path file = dir.resolve("logs/decisions.log");
        String line = "{\"decision_id\": \"" + "x".repeat(100) + "\"}";
        try (DecisionSink sink = DecisionSinks.rotatingFile(file, 2048, 2)) {
            for (int i = 0; i < 100; i++) {
                sink.write(line);
            }
        }

        assertThat(dir.resolve("logs/decisions.log.0")).exists();
        assertThat(dir.resolve("logs/decisions.log.1")).exists();
        assertThat(dir.resolve("logs/decisions.log.2")).doesNotExist();
        assertThat(Files.size(dir.resolve("logs/decisions.log.0"))).isLessThanOrEqualTo(2048 + line.length() + 1);
        assertThat(Files.readAllLines(dir.resolve("logs/decisions.log.0"))).allMatch(line::equals);
    }
}
