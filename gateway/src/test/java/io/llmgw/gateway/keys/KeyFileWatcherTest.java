package io.llmgw.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgw.gateway.config.ConfigFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key file edited while the gateway runs: good versions go live whole, bad ones are refused
 * and counted while the last good keys keep working. Each test drives {@link KeyFileWatcher#check()}
 * itself (twice per version: a new content is used when two reads in a row find it); the
 * interval is long so the timer never races it.
 */
class KeyFileWatcherTest {

    private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private Path file;
    private KeyFileWatcher watcher;

    private static String entry(String id, String extra) {
        return "  - {id: " + id + ", sha256: " + KeyRegistry.sha256("sk-" + id) + ", models: [\"*\"]" + extra + "}\n";
    }

    private void write(String keys) throws IOException {
        Files.writeString(file, "keys:\n" + keys);
        // The same modification time for every version: only the content tells them apart.
        Files.setLastModifiedTime(file, FileTime.from(NOW));
    }

    private void settle() {
        watcher.check();
        watcher.check();
    }

    private boolean works(String key) {
        return watcher.authenticate(key) instanceof Authentication.Authenticated;
    }

    @BeforeEach
    void start() throws IOException {
        file = dir.resolve("keys.yaml");
        write(entry("a", "") + entry("b", ""));
        watcher = KeyFileWatcher.start(file, Duration.ofHours(1), clock, false);
    }

    @AfterEach
    void stop() {
        watcher.close();
    }

    @Test
    void check_keyBlockedInSameSecond_stopsWorking() throws IOException {
        write(entry("a", ", blocked: true") + entry("b", ""));

        settle();

        assertThat(watcher.authenticate("sk-a"))
                .isEqualTo(new Authentication.Rejected(Authentication.Reason.BLOCKED, "a"));
        assertThat(works("sk-b")).isTrue();
        assertThat(watcher.reloads()).isEqualTo(1);
    }

    @Test
    void check_keyRemoved_unknown() throws IOException {
        write(entry("b", ""));

        settle();

        assertThat(watcher.authenticate("sk-a"))
                .isEqualTo(new Authentication.Rejected(Authentication.Reason.UNKNOWN, ""));
    }

    @Test
    void authenticate_expiryPassesWithoutFileChange_expired() throws IOException {
        write(entry("a", ", expires: 2026-11-15T12:00:05Z"));
        settle();
        assertThat(works("sk-a")).isTrue();

        now.set(NOW.plusSeconds(5));

        assertThat(watcher.authenticate("sk-a"))
                .isEqualTo(new Authentication.Rejected(Authentication.Reason.EXPIRED, "a"));
    }

    @Test
    void check_garbage_keepsLastGoodKeysCountsOnceThenPicksUpFixedFile() throws IOException {
        Files.writeString(file, "keys: [ {id: a, sha256: \n\u0000garbage: [");

        settle();
        settle();

        assertThat(works("sk-a")).isTrue();
        assertThat(works("sk-b")).isTrue();
        assertThat(watcher.rejections()).isEqualTo(1);

        write(entry("b", ""));
        settle();

        assertThat(works("sk-a")).isFalse();
        assertThat(works("sk-b")).isTrue();
        assertThat(watcher.reloads()).isEqualTo(1);
    }

    @Test
    void check_fileReadWhileBeingWritten_notTakenForTheNewVersion() throws IOException {
        Files.writeString(file, "");
        watcher.check();
        write(entry("a", ", blocked: true"));
        watcher.check();

        assertThat(works("sk-b")).isTrue();
        assertThat(watcher.rejections()).isZero();

        watcher.check();

        assertThat(works("sk-b")).isFalse();
        assertThat(works("sk-a")).isFalse();
    }

    @Test
    void check_emptyFile_refusedKeysKept() throws IOException {
        Files.writeString(file, "");

        settle();

        assertThat(watcher.rejections()).isEqualTo(1);
        assertThat(works("sk-a")).isTrue();
    }

    @Test
    void check_halfWrittenEntry_neverHalfApplied() throws IOException {
        // The second entry is malformed: nothing of this version goes live, not even the first entry's block.
        write(entry("a", ", blocked: true") + "  - {id: b, sha256: not-a-hash}\n");

        settle();

        assertThat(works("sk-a")).isTrue();
        assertThat(watcher.rejections()).isEqualTo(1);
    }

    @Test
    void check_duplicateKeyInEntry_refused() throws IOException {
        Files.writeString(file, "keys:\n  - id: a\n    sha256: " + KeyRegistry.sha256("sk-a")
                + "\n    blocked: true\n    models: [\"*\"]\n    blocked: false\n");

        settle();

        assertThat(watcher.rejections()).isEqualTo(1);
        assertThat(works("sk-a")).isTrue();
    }

    @Test
    void check_fileRemovedThenRestored_keepsKeysAndRecovers() throws IOException {
        Files.delete(file);
        settle();
        settle();

        assertThat(works("sk-a")).isTrue();
        assertThat(watcher.rejections()).isEqualTo(1);

        write(entry("a", ", blocked: true"));
        settle();

        assertThat(works("sk-a")).isFalse();
    }

    @Test
    void check_deeplyNestedFile_errorOfAnyKindKeepsWatcherRunning() throws IOException {
        Files.writeString(file, "keys: " + "[".repeat(200_000));

        settle();
        write(entry("a", ", blocked: true"));
        settle();

        assertThat(watcher.rejections()).isEqualTo(1);
        assertThat(works("sk-a")).isFalse();
    }

    @Test
    void check_publicDemoKeyAdded_refusedOutsideTheDemo() throws IOException {
        write(entry("a", "")
                + "  - {id: demo, sha256: 8cd0e31914ea5eacc8b5e381f8cd83d4615450f6c655e48c9bb63b351a225abd}\n");

        settle();

        assertThat(watcher.rejections()).isEqualTo(1);
        assertThat(works("sk-demo-alias-only")).isFalse();
        assertThat(works("sk-b")).isTrue();
    }

    @Test
    void start_badFile_failsNamingFault() throws IOException {
        Files.writeString(file, "keys:\n  - {id: a}\n");

        assertThatThrownBy(() -> KeyFileWatcher.start(file, Duration.ofHours(1), clock, false))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("keys[0].sha256 is required");
    }

    @Test
    void timer_changeTakesEffectWithinTheInterval() throws Exception {
        try (var fast = KeyFileWatcher.start(file, Duration.ofMillis(20), clock, false)) {
            write(entry("a", ", blocked: true"));

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (fast.authenticate("sk-a") instanceof Authentication.Authenticated && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            assertThat(fast.authenticate("sk-a")).isInstanceOf(Authentication.Rejected.class);
        }
    }
}
