package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * OPA's conformance cases, each compiled to a wasm module by OPA's own generator
 * ({@code wasm-rego-testgen}, the program OPA's wasm SDKs are tested with).
 *
 * <p>The generator compiles one folder of YAML case files at a time and stops at the first
 * file it cannot take: one whose case states no or two expectations (the generator counts
 * {@code want_defined}, {@code want_result} and {@code want_error}, not
 * {@code want_error_code}), or whose policy does not compile. Each folder is therefore
 * offered as links to the original files; a file the generator refuses is replaced by its
 * cases one per file, each with a single placeholder expectation (the real ones are kept
 * here), and a single case that still does not compile is recorded with the generator's
 * message. Everything else reaches the generator exactly as OPA ships it.
 */
final class OpaCaseGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern REFUSED = Pattern.compile("Error: ([^:\\s]+\\.(?:yaml|json)): (.*)");
    private static final List<String> EXPECTATIONS =
            List.of("want_defined", "want_result", "want_error", "want_error_code", "strict_error");

    private final Path testgen;
    private final Path runner;
    private final Path work;
    private final Optional<Path> cache;

    /**
     * @param testgen the built {@code wasm-rego-testgen}
     * @param runner any file for the generator's {@code --runner} (it copies it into its output)
     * @param work a folder for links, split files and the generator's output
     * @param cache a folder keeping each suite's compiled cases for the next run, one per OPA
     *     version (the cases and the generator are fixed by it), or empty to compile every time
     */
    OpaCaseGenerator(Path testgen, Path runner, Path work, Optional<Path> cache) {
        this.testgen = testgen;
        this.runner = runner;
        this.work = work;
        this.cache = cache;
    }

    /** A folder of case files, named for the report (e.g. {@code cases/aggregates}). */
    record Suite(String name, Path dir) {}

    /**
     * One case and what the generator made of it.
     *
     * @param suite the folder it came from
     * @param file the case file's name
     * @param spec the case as OPA's Go code reads it (note, query, modules, data, input, expectations)
     * @param wasm the compiled module, or null when it did not compile
     * @param compileError the generator's message when it did not compile
     */
    record Case(String suite, String file, JsonNode spec, byte[] wasm, String compileError) {
        String note() {
            return spec.path("note").asText();
        }

        String id() {
            return suite + "/" + file + ": " + note();
        }
    }

    /** Compiles every suite, {@code threads} generator runs at a time. */
    List<Case> compile(List<Suite> suites, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Case>>> runs = new ArrayList<>();
            for (Suite suite : suites) {
                runs.add(pool.submit(() -> compile(suite)));
            }
            List<Case> cases = new ArrayList<>();
            for (Future<List<Case>> run : runs) {
                cases.addAll(run.get());
            }
            return cases;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Case> compile(Suite suite) throws IOException, InterruptedException {
        Optional<Path> cached = cache.map(dir -> dir.resolve(suite.name().replace('/', '_') + ".jsonl.gz"));
        if (cached.isPresent() && Files.isRegularFile(cached.get())) {
            return readCached(suite, cached.get());
        }
        List<Case> cases = generate(suite);
        if (cached.isPresent()) {
            writeCached(cases, cached.get());
        }
        return cases;
    }

    private static List<Case> readCached(Suite suite, Path file) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                new GzipCompressorInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode c = JSON.readTree(line);
                byte[] wasm = c.path("wasm").isTextual() ? Base64.getDecoder().decode(c.get("wasm").asText()) : null;
                cases.add(new Case(suite.name(), c.get("file").asText(), c.get("spec"), wasm,
                        c.path("compile_error").isTextual() ? c.get("compile_error").asText() : null));
            }
        }
        return cases;
    }

    /** Written whole to a temporary file and moved into place, so a run stopped midway leaves no half cache. */
    private static void writeCached(List<Case> cases, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".partial");
        try (var out = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(Files.newOutputStream(partial)),
                StandardCharsets.UTF_8)) {
            for (Case c : cases) {
                ObjectNode line = JSON.createObjectNode().put("file", c.file());
                line.set("spec", c.spec());
                line.put("wasm", c.wasm() == null ? null : Base64.getEncoder().encodeToString(c.wasm()));
                line.put("compile_error", c.compileError());
                out.write(line.toString());
                out.write('\n');
            }
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private List<Case> generate(Suite suite) throws IOException, InterruptedException {
        Path input = work.resolve("input").resolve(suite.name());
        Path output = work.resolve("output").resolve(suite.name() + ".tar.gz");
        deleteTree(input);
        Files.createDirectories(input);
        Files.createDirectories(output.getParent());
        List<Path> originals;
        try (Stream<Path> files = Files.list(suite.dir())) {
            originals = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path original : originals) {
            Files.createSymbolicLink(input.resolve(original.getFileName()), original);
        }
        /* Cases split out of refused files: output file name to (original file, the case as read here). */
        Map<String, Case> split = new LinkedHashMap<>();
        List<Case> uncompiled = new ArrayList<>();
        while (true) {
            Process generator = new ProcessBuilder(testgen.toString(), "--input-dir", input.toString(),
                    "--runner", runner.toString(), "--output", output.toString()).redirectErrorStream(true).start();
            String log = new String(generator.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!generator.waitFor(10, TimeUnit.MINUTES)) {
                generator.destroyForcibly();
                throw new IOException("wasm-rego-testgen did not finish on " + suite.name());
            }
            if (generator.exitValue() == 0) {
                break;
            }
            Matcher refused = REFUSED.matcher(log);
            if (!refused.find()) {
                throw new IOException("wasm-rego-testgen failed on " + suite.name() + " naming no file:\n" + log);
            }
            String name = refused.group(1);
            Path file = input.resolve(name);
            Case single = split.remove(jsonName(name));
            if (single != null) {
                uncompiled.add(new Case(suite.name(), single.file(), single.spec(), null, refused.group(2)));
                Files.delete(file);
            } else {
                split.putAll(splitIntoCases(suite.name(), file));
            }
        }
        List<Case> cases = new ArrayList<>(uncompiled);
        readOutput(output, (name, compiled) -> {
            Case original = split.get(name);
            String file = original == null ? name.replace(".json", ".yaml") : original.file();
            JsonNode spec = original == null ? compiled : original.spec();
            cases.add(new Case(suite.name(), file, spec, Base64.getDecoder().decode(compiled.path("wasm").asText()), null));
        });
        return cases;
    }

    /**
     * Replaces the link {@code file} by one file per case, each with {@code want_defined} as its
     * only expectation, and returns the cases by the name the generator will give their output.
     */
    private static Map<String, Case> splitIntoCases(String suite, Path file) throws IOException {
        JsonNode set = YAML.readTree(file.toFile());
        Files.delete(file);
        String base = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        Map<String, Case> cases = new LinkedHashMap<>();
        ArrayNode all = (ArrayNode) set.path("cases");
        for (int i = 0; i < all.size(); i++) {
            ObjectNode placeholder = all.get(i).deepCopy();
            EXPECTATIONS.forEach(placeholder::remove);
            placeholder.put("want_defined", true);
            String name = base + "-case" + i + ".json";
            ObjectNode single = JSON.createObjectNode();
            single.putArray("cases").add(placeholder);
            Files.writeString(file.resolveSibling(name), single.toString());
            cases.put(name, new Case(suite, file.getFileName().toString(), all.get(i), null, null));
        }
        return cases;
    }

    private static String jsonName(String generatorName) {
        return generatorName.replace(".yaml", ".json");
    }

    private interface CaseSink {
        void accept(String outputName, JsonNode compiledCase) throws IOException;
    }

    private static void readOutput(Path output, CaseSink sink) throws IOException {
        try (InputStream in = Files.newInputStream(output);
                var tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName().replaceFirst("^/+", "");
                if (!entry.isFile() || !name.endsWith(".json")) {
                    continue;
                }
                for (JsonNode compiled : JSON.readTree(tar.readAllBytes()).path("cases")) {
                    sink.accept(name, compiled);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
