package io.llmgw.authz.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the policy sources of a bundle revision. The policies build sets a bundle's revision
 * to a hash of its sources (policies/opa-pipeline.sh, {@code revision}): SHA-256 over each
 * non-test {@code .rego} and {@code data.json} file under {@code llmgw/}, in byte order of
 * their paths, as the path ({@code ./llmgw/...}) on a line and then the file's bytes; the
 * first 16 hex digits. So the sources are the working tree's when it hashes to the revision,
 * else those of the git commit that does (older layouts kept the tree in policies/rego/).
 */
final class RevisionSources {

    /** Where the sources were found, and the folder holding their {@code llmgw/} tree. */
    record Found(String origin, Path root) {}

    private RevisionSources() {}

    /** The revision of the tree {@code root}/llmgw, as the policies build computes it. */
    static String revision(Path root) throws IOException {
        Path rules = root.resolve("llmgw");
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(rules)) {
            walk.filter(Files::isRegularFile).forEach(f -> {
                String name = f.getFileName().toString();
                if ((name.endsWith(".rego") && !name.endsWith("_test.rego")) || name.equals("data.json")) {
                    files.add("./" + root.relativize(f).toString().replace('\\', '/'));
                }
            });
        }
        files.sort(RevisionSources::byteOrder);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        for (String file : files) {
            sha.update((file + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(root.resolve(file.substring(2))));
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    private static int byteOrder(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The sources of {@code revision}: {@code policies} itself when it hashes to it, else the
     * newest commit of the repository around it whose policy tree does, unpacked into
     * {@code work}.
     */
    static Optional<Found> find(String revision, Path policies, Path work) throws IOException {
        if (Files.isDirectory(policies.resolve("llmgw")) && revision(policies).equals(revision)) {
            return Optional.of(new Found("the working tree (" + policies + ")", policies));
        }
        Path repo = policies.toAbsolutePath().getParent();
        List<String> commits = git(repo, "log", "--format=%H", "--", "policies/llmgw", "policies/rego/llmgw");
        for (String commit : commits) {
            Path tree = work.resolve(commit);
            Files.createDirectories(tree);
            Process archive = new ProcessBuilder("bash", "-c",
                    // The whole policies/ folder: a pathspec missing from the commit fails the archive.
                    "git archive \"$1\" policies 2>/dev/null | tar -x -C \"$2\"", "archive",
                    commit, tree.toString()).directory(repo.toFile()).redirectErrorStream(true).start();
            archive.getInputStream().readAllBytes();
            waitFor(archive);
            for (Path root : List.of(tree.resolve("policies"), tree.resolve("policies").resolve("rego"))) {
                if (Files.isDirectory(root.resolve("llmgw")) && revision(root).equals(revision)) {
                    return Optional.of(new Found("git commit " + commit.substring(0, 12), root));
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> git(Path repo, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return waitFor(git) == 0 ? out.lines().filter(l -> !l.isBlank()).toList() : List.of();
    }

    private static int waitFor(Process process) throws IOException {
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("git did not finish in 2 minutes");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
