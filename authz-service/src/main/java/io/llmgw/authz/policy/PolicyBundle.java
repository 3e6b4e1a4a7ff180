package io.llmgw.authz.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A compiled policy bundle as written by {@code opa build -t wasm}: the wasm module, the data
 * document and the manifest's revision and wasm entrypoints.
 *
 * @param wasm the {@code /policy.wasm} module
 * @param data the {@code /data.json} document, compact JSON ({@code {}} when absent)
 * @param revision the manifest's revision
 * @param entrypoints the manifest's wasm entrypoints, such as {@code llmgw/authz/decision}
 */
public record PolicyBundle(byte[] wasm, String data, String revision, List<String> entrypoints) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_ENTRY_BYTES = 64L * 1024 * 1024;

    public PolicyBundle {
        Objects.requireNonNull(wasm, "wasm");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(revision, "revision");
        entrypoints = List.copyOf(entrypoints);
    }

    /** Reads and validates the bundle at {@code path}; throws {@link BundleException} naming the fault. */
    public static PolicyBundle read(Path path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            return read(in, path.toString());
        } catch (IOException e) {
            throw new BundleException("cannot read policy bundle " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads and validates a bundle from {@code in}; {@code source} names it in errors. */
    public static PolicyBundle read(InputStream in, String source) {
        Map<String, byte[]> files = untar(in, source);
        byte[] wasm = files.get("policy.wasm");
        if (wasm == null) {
            throw new BundleException("policy bundle " + source + " has no /policy.wasm (build it with opa build -t wasm)");
        }
        String data = parseData(files.get("data.json"), source);
        JsonNode manifest = parseJson(files.get(".manifest"), source, ".manifest");
        String revision = manifest.path("revision").asText("");
        List<String> entrypoints = new ArrayList<>();
        manifest.path("wasm").forEach(w -> entrypoints.add(w.path("entrypoint").asText()));
        return new PolicyBundle(wasm, data, revision, entrypoints);
    }

    private static Map<String, byte[]> untar(InputStream in, String source) {
        Map<String, byte[]> files = new HashMap<>();
        try (var tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                if (entry.getSize() > MAX_ENTRY_BYTES) {
                    throw new BundleException("policy bundle " + source + ": " + entry.getName()
                            + " is larger than " + MAX_ENTRY_BYTES + " bytes");
                }
                String name = entry.getName().replaceFirst("^/+", "");
                files.put(name, tar.readAllBytes());
            }
        } catch (IOException e) {
            throw new BundleException("policy bundle " + source + " is not a readable .tar.gz: " + e.getMessage(), e);
        }
        return files;
    }

    private static String parseData(byte[] bytes, String source) {
        if (bytes == null) {
            return "{}";
        }
        JsonNode data = parseJson(bytes, source, "data.json");
        if (!data.isObject()) {
            throw new BundleException("policy bundle " + source + ": /data.json must be a JSON object");
        }
        return data.toString();
    }

    private static JsonNode parseJson(byte[] bytes, String source, String file) {
        if (bytes == null) {
            throw new BundleException("policy bundle " + source + " has no /" + file);
        }
        try {
            return JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new BundleException("policy bundle " + source + ": /" + file + " is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
