package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Test helpers that derive bundle files from the built one, and replace bundle files atomically. */
public final class BundleFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BundleFiles() {}

    /** Reads every file of a bundle archive, by name without the leading slash. */
    public static Map<String, byte[]> entries(Path bundle) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(bundle);
                var tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    files.put(entry.getName().replaceFirst("^/+", ""), tar.readAllBytes());
                }
            }
        }
        return files;
    }

    /** Writes {@code files} as a bundle archive at {@code target}. */
    public static void write(Map<String, byte[]> files, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target);
                var tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (var file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry("/" + file.getKey());
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
    }

    /** A copy of {@code bundle} whose manifest says {@code revision}. */
    public static void withRevision(Path bundle, Path target, String revision) throws IOException {
        edit(bundle, target, ".manifest", manifest -> {
            try {
                ObjectNode json = (ObjectNode) JSON.readTree(manifest);
                json.put("revision", revision);
                return JSON.writeValueAsBytes(json);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A copy of {@code bundle} with {@code file} replaced by {@code change} applied to it. */
    public static void edit(Path bundle, Path target, String file, UnaryOperator<byte[]> change) throws IOException {
        Map<String, byte[]> files = entries(bundle);
        files.put(file, change.apply(files.getOrDefault(file, new byte[0])));
        write(files, target);
    }

    /** Replaces {@code live} with {@code next} in one rename, as a deployment tool should. */
    public static void replaceAtomically(Path next, Path live) throws IOException {
        Path staged = live.resolveSibling(live.getFileName() + ".staged");
        Files.copy(next, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, live, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A copy of an OPA wasm module that declares ABI {@code major.minor} instead of its own.
     * OPA's modules define the two version globals one after the other as immutable i32
     * constants; the copy rewrites those two constants (one byte each, versions below 64).
     */
    public static byte[] withAbiVersion(byte[] module, int major, int minor) {
        // Two global entries: type i32 (0x7f), immutable (0x00), i32.const (0x41) <n>, end (0x0b).
        byte[] declared = {0x7f, 0x00, 0x41, 0x01, 0x0b, 0x7f, 0x00, 0x41, 0x03, 0x0b};
        int at = -1;
        for (int i = 0; i + declared.length <= module.length; i++) {
            if (java.util.Arrays.equals(module, i, i + declared.length, declared, 0, declared.length)) {
                if (at != -1) {
                    throw new IllegalArgumentException("the ABI 1.3 version globals appear twice in the module");
                }
                at = i;
            }
        }
        if (at == -1) {
            throw new IllegalArgumentException("the module does not declare ABI 1.3 the way OPA 1.x builds do");
        }
        byte[] copy = module.clone();
        copy[at + 3] = (byte) major;
        copy[at + 8] = (byte) minor;
        return copy;
    }

    /** Bytes of a UTF-8 string. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
