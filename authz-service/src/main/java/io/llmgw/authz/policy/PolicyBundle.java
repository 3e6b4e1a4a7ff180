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
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A compiled policy bundle as written by {@code opa build -t wasm}: the wasm module, the data
 * document and the manifest's revision, wasm entrypoints and declared input paths.
 *
 * @param wasm the {@code /policy.wasm} module
 * @param data the {@code /data.json} document, compact JSON ({@code {}} when absent)
 * @param revision the manifest's revision
 * @param entrypoints the manifest's wasm entrypoints, such as {@code llmgw/authz/decision}
 * @param inputPaths the manifest's {@code metadata.llmgw.input_paths}: every path into the
 *     input that the policy reads, such as {@code ["principal"]}, written by the policies
 *     build; empty when the manifest does not declare them
 * @param samples the archive's {@value #SAMPLES}: sample inputs by entrypoint name, which a
 *     bundle must evaluate without error before it goes live (see {@link BundleValidation});
 *     empty when the archive has none
 */
public record PolicyBundle(byte[] wasm, String data, String revision, List<String> entrypoints,
        Optional<List<List<String>>> inputPaths, Map<String, List<JsonNode>> samples) {

    /** The archive member holding sample inputs, written by the policies build from the golden fixtures. */
    public static final String SAMPLES = "/llmgw/samples.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_ENTRY_BYTES = 64L * 1024 * 1024;

    public PolicyBundle {
        Objects.requireNonNull(wasm, "wasm");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(revision, "revision");
        entrypoints = List.copyOf(entrypoints);
        inputPaths = inputPaths.map(paths -> paths.stream().map(List::copyOf).toList());
        samples = Map.copyOf(samples);
    }

    /** A bundle without sample inputs. */
    public PolicyBundle(byte[] wasm, String data, String revision, List<String> entrypoints,
            Optional<List<List<String>>> inputPaths) {
        this(wasm, data, revision, entrypoints, inputPaths, Map.of());
    }

    /** Reads and validates the bundle at {@code path}; throws {@link BundleException} naming the fault. */
    public static PolicyBundle read(Path path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            return read(in, path.toString());
        } catch (IOException e) {
            throw new BundleException("cannot read policy bundle " + path + ": " + describe(e), e);
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
        return new PolicyBundle(wasm, data, revision, entrypoints, inputPaths(manifest, source),
                samples(files.get(SAMPLES.substring(1)), source));
    }

    private static Map<String, List<JsonNode>> samples(byte[] bytes, String source) {
        if (bytes == null) {
            return Map.of();
        }
        JsonNode doc = parseJson(bytes, source, SAMPLES.substring(1));
        Map<String, List<JsonNode>> samples = new HashMap<>();
        if (!doc.isObject()) {
            throw invalidSamples(source);
        }
        for (var entry : doc.properties()) {
            if (!entry.getValue().isArray()) {
                throw invalidSamples(source);
            }
            List<JsonNode> inputs = new ArrayList<>();
            entry.getValue().forEach(inputs::add);
            samples.put(entry.getKey(), inputs);
        }
        return samples;
    }

    private static BundleException invalidSamples(String source) {
        return new BundleException("policy bundle " + source + ": " + SAMPLES
                + " must be an object of entrypoint names to arrays of inputs");
    }

    private static Optional<List<List<String>>> inputPaths(JsonNode manifest, String source) {
        JsonNode declared = manifest.path("metadata").path("llmgw").path("input_paths");
        if (declared.isMissingNode()) {
            return Optional.empty();
        }
        List<List<String>> paths = new ArrayList<>();
        for (JsonNode path : requireArray(declared, source)) {
            List<String> segments = new ArrayList<>();
            for (JsonNode segment : requireArray(path, source)) {
                if (!segment.isTextual()) {
                    throw invalidInputPaths(source);
                }
                segments.add(segment.asText());
            }
            paths.add(segments);
        }
        return Optional.of(paths);
    }

    private static JsonNode requireArray(JsonNode node, String source) {
        if (!node.isArray()) {
            throw invalidInputPaths(source);
        }
        return node;
    }

    private static BundleException invalidInputPaths(String source) {
        return new BundleException("policy bundle " + source
                + ": /.manifest metadata.llmgw.input_paths must be an array of paths, each an array of strings");
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
            throw new BundleException("policy bundle " + source + " is not a readable .tar.gz: " + describe(e), e);
        }
        return files;
    }

    /** What went wrong reading the archive; a truncated file's exception often has no message. */
    private static String describe(IOException e) {
        if (e instanceof java.io.EOFException) {
            return "it ends early (truncated, or still being written: publish bundles by rename)"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
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
