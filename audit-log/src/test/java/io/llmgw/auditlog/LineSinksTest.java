package io.llmgw.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The destinations as the one who reads the lines sees them, and their failures as the log sees them. */
class LineSinksTest {

    @TempDir
    Path dir;

    @Test
    void printing_lines_writtenEachEndedByALineSeparator() {
        var out = new ByteArrayOutputStream();
        LineSinks.printing(new PrintStream(out, true, StandardCharsets.UTF_8), "test log")
                .write("{\"a\":\"\u00e9\"}" + System.lineSeparator() + "{}");

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":\"\u00e9\"}" + System.lineSeparator() + "{}" + System.lineSeparator());
    }

    @Test
    void printing_outputFails_writeThrowsNamingTheLog() {
        var broken = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        }, true, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> LineSinks.printing(broken, "test log").write("{}"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("writing the test log to the output failed");
    }

    @Test
    void rotatingFile_lines_inGenerationZeroOfANewFolder() throws Exception {
        try (LineSink sink = LineSinks.rotatingFile(dir.resolve("logs/test.log"), 1024 * 1024, 2, "test log")) {
            sink.write("{\"a\":1}" + System.lineSeparator() + "{\"b\":2}");
            sink.write("{\"c\":3}");
        }

        assertThat(Files.readAllLines(dir.resolve("logs/test.log.0"))).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
    }

    @Test
    void rotatingFile_pastMaxBytes_rotatesAndKeepsTheConfiguredGenerations() throws Exception {
        Path file = dir.resolve("logs/decisions.log");
        String line = "{\"decision_id\": \"" + "x".repeat(100) + "\"}";
        try (LineSink sink = LineSinks.rotatingFile(file, 2048, 2, "test log")) {
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

    @Test
    void rotatingFile_folderIsAFile_throwsNamingTheLogAndTheFile() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("logs"), "");

        assertThatThrownBy(() -> LineSinks.rotatingFile(notAFolder.resolve("test.log"), 2048, 2, "test log"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot open test log " + notAFolder.resolve("test.log"));
    }
}
