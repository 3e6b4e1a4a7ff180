package io.llmgw.gateway.keys;

import io.llmgw.gateway.config.ConfigFileException;
import io.llmgw.gateway.config.YamlNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The live key registry of a key file that is read again every reload interval, so a key
 * blocked, removed or given an expiry in the file stops working without a restart. A new
 * registry is built whole from the new content and swapped in at once; lookups see the old
 * registry or the new one, never half a file. A file that cannot be used (unparsable, a
 * malformed entry, removed, unreadable, or any other failure) is logged as
 * {@code key_file_invalid} naming the fault, counted, and the last good registry stays live.
 *
 * <p>Changes are found by the SHA-256 of the content, not the modification time, so two
 * writes within the same second, or a file replaced by one with an older time, are seen; an
 * unchanged bad file is reported once, not at every interval. A new content is used only once
 * two reads in a row find it, so a file caught while an editor or a copy is still writing it
 * (empty, or cut after some entries) is not taken for the new version; a change therefore
 * takes effect within two intervals. A file without any key is refused too: an empty
 * registry would refuse every request, and is what a truncated file looks like.
 */
public final class KeyFileWatcher implements KeyLookup, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KeyFileWatcher.class.getName());

    private final Path file;
    private final Clock clock;
    private final boolean allowDemoKeys;
    private final AtomicReference<KeyRegistry> live = new AtomicReference<>();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong rejections = new AtomicLong();
    private final ScheduledExecutorService timer;
    /** Hash of the content last tried, good or bad; only the watcher thread touches it. */
    private String lastSeen = "";
    /** Hash of a new content read once, used when the next read finds it again. */
    private String pending = "";

    private KeyFileWatcher(Path file, Clock clock, boolean allowDemoKeys) {
        this.file = file;
        this.clock = clock;
        this.allowDemoKeys = allowDemoKeys;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "key-file-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads {@code file} and watches it every {@code interval}.
     *
     * @throws ConfigFileException when the first load fails: the
     *     gateway does not start without a good key file
     */
    public static KeyFileWatcher start(Path file, Duration interval, Clock clock, boolean allowDemoKeys) {
        var watcher = new KeyFileWatcher(file, clock, allowDemoKeys);
        byte[] content = read(file);
        watcher.live.set(watcher.parse(content));
        watcher.lastSeen = sha256(content);
        long millis = Math.max(1, interval.toMillis());
        watcher.timer.scheduleWithFixedDelay(watcher::check, millis, millis, TimeUnit.MILLISECONDS);
        return watcher;
    }

    @Override
    public Authentication authenticate(String presentedKey) {
        return live.get().authenticate(presentedKey);
    }

    /** New registries that went live since start. */
    public long reloads() {
        return reloads.get();
    }

    /** Versions of the file refused since start (each distinct bad content or failure once). */
    public long rejections() {
        return rejections.get();
    }

    /**
     * Reads the file once; swaps in a new registry when this content was also found by the
     * previous read, differs from the live one, and is good. Never throws: whatever fails is
     * logged and counted, and the watcher keeps running.
     */
    void check() {
        String seen = lastSeen;
        try {
            byte[] content = read(file);
            String hash = sha256(content);
            if (hash.equals(lastSeen)) {
                pending = "";
                return;
            }
            if (!hash.equals(pending)) {
                pending = hash;
                return;
            }
            pending = "";
            seen = hash;
            KeyRegistry next = parse(content);
            live.set(next);
            reloads.incrementAndGet();
            LOG.info(() -> "key file reloaded: " + file + " (" + next.size() + " keys, sha256 " + hash.substring(0, 12)
                    + ")");
        } catch (Throwable e) {
            // Anything at all (a parser's StackOverflowError on a deeply nested file included):
            // an exception escaping here would cancel the schedule and stop the watcher for good.
            // The message of a read failure is the same every time: report it once, not every interval.
            String fault = e.getMessage() == null ? e.toString() : e.getMessage();
            String marker = seen.equals(lastSeen) ? "failure:" + fault : seen;
            if (!marker.equals(lastSeen)) {
                rejections.incrementAndGet();
                Level level = e instanceof ConfigFileException ? Level.WARNING : Level.SEVERE;
                LOG.log(level, "key_file_invalid: " + fault + "; the last good keys stay live", level == Level.SEVERE
                        ? e : null);
            }
            seen = marker;
        } finally {
            lastSeen = seen;
        }
    }

    private KeyRegistry parse(byte[] content) {
        KeyRegistry registry = KeyFileLoader.load(YamlNode.parse(new String(content, StandardCharsets.UTF_8),
                file.toString()), clock, allowDemoKeys);
        if (registry.size() == 0) {
            throw new ConfigFileException(file + ": holds no keys; refused, since every request would be refused"
                    + " (to revoke every key, mark each blocked: true)");
        }
        return registry;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigFileException(file.toAbsolutePath() + ": no such file", e);
        } catch (IOException e) {
            throw new ConfigFileException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Stops watching; the last registry stays usable. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    @Override
    public String toString() {
        return "KeyFileWatcher[" + file + "]";
    }
}
