package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Bundles built by the real policies pipeline ({@code policies/opa-pipeline.sh build}) from a
 * copy of the shipped sources with one file changed: what a policy author's edit produces.
 */
public final class PolicyBuilds {

    /** The shipped package tree, policies/llmgw. */
    public static final Path SOURCES = Path.of(System.getProperty("llmgw.policy.src"));

    private PolicyBuilds() {}

    /**
     * Copies the sources into {@code work}/src, applies {@code change} to {@code file} (a path
     * under llmgw/, such as {@code authz/decision.rego}), builds, and returns the bundle.
     */
    public static Path build(Path work, String file, UnaryOperator<String> change) throws IOException,
            InterruptedException {
        Path src = work.resolve("src");
        copyTree(SOURCES, src.resolve("llmgw"));
        Path edited = src.resolve("llmgw").resolve(file);
        Files.writeString(edited, change.apply(Files.readString(edited)));
        Path out = work.resolve("out");
        Process process = new ProcessBuilder("bash", SOURCES.resolveSibling("opa-pipeline.sh").toString(),
                "--src", src.toString(), "--out", out.toString(), "build")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("policy build finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return out.resolve("bundle.tar.gz");
    }

    /** Copies the folder {@code from} with everything in it to {@code to}. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
