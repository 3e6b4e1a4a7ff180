package io.llmgw.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reason codes are a contract (the gateway, decision logs and dashboards match on them), so
 * the places that name them must agree: every code a rule can emit is listed in the METADATA
 * {@code custom.codes} of its file and of the entrypoint package, and in the guide's table;
 * and no list names a code that no rule emits.
 *
 * <p>A code is emitted where a rule builds a reason: the value of a {@code "code"} key, or
 * the first argument of a {@code _reason(...)} helper call.
 */
class ReasonCodesTest {

    private static final Path POLICIES = Path.of(System.getProperty("user.dir"));
    private static final Path GUIDE = POLICIES.resolveSibling("docs").resolve("policy-guide.md");
    private static final Path ENTRYPOINT = Path.of("authz", "decision.rego");
    private static final Pattern EMITTED = Pattern.compile("\"code\":\\s*\"([a-z0-9_]+)\"|_reason\\(\\s*\"([a-z0-9_]+)\"");
    private static final Pattern LISTED = Pattern.compile("^#\\s+-\\s+([a-z0-9_]+)\\s*$");
    private static final Pattern GUIDE_ROW = Pattern.compile("^\\| `([a-z0-9_]+)` \\|");

    /** Codes emitted and codes listed in METADATA, by file under llmgw/. */
    private static final Map<Path, Set<String>> EMITTED_BY_FILE = new TreeMap<>();
    private static final Map<Path, Set<String>> LISTED_BY_FILE = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        Path rules = POLICIES.resolve("llmgw");
        try (Stream<Path> files = Files.walk(rules)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".rego")
                    && !p.toString().endsWith("_test.rego"))::iterator) {
                String text = Files.readString(f);
                Set<String> emitted = new TreeSet<>();
                Matcher m = EMITTED.matcher(text);
                while (m.find()) {
                    emitted.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
                EMITTED_BY_FILE.put(rules.relativize(f), emitted);
                LISTED_BY_FILE.put(rules.relativize(f), listed(text));
            }
        }
    }

    /** The entries of every {@code codes:} list in the file's METADATA comments. */
    private static Set<String> listed(String text) {
        Set<String> codes = new TreeSet<>();
        boolean inList = false;
        for (String line : text.split("\n")) {
            Matcher entry = LISTED.matcher(line);
            if (inList && entry.matches()) {
                codes.add(entry.group(1));
            } else {
                inList = line.matches("^#\\s+codes:\\s*$");
            }
        }
        return codes;
    }

    private static Set<String> all(Map<Path, Set<String>> byFile) {
        Set<String> codes = new TreeSet<>();
        byFile.values().forEach(codes::addAll);
        return codes;
    }

    @Test
    void codes_emittedByARule_listedInItsFilesMetadata() {
        assertThat(all(EMITTED_BY_FILE)).as("the rules emit some codes").isNotEmpty();
        EMITTED_BY_FILE.forEach((file, emitted) -> assertThat(LISTED_BY_FILE.get(file))
                .as("METADATA custom.codes of llmgw/%s", file).containsAll(emitted));
    }

    @Test
    void codes_emittedAnywhere_listedByTheEntrypointPackage() {
        assertThat(LISTED_BY_FILE.get(ENTRYPOINT)).as("METADATA custom.codes of llmgw/%s", ENTRYPOINT)
                .containsExactlyInAnyOrderElementsOf(all(EMITTED_BY_FILE));
    }

    @Test
    void codes_listedInMetadata_emittedBySomeRule() {
        Set<String> emitted = all(EMITTED_BY_FILE);
        LISTED_BY_FILE.forEach((file, listed) -> assertThat(emitted)
                .as("codes that no rule emits but llmgw/%s lists", file).containsAll(listed));
    }

    @Test
    void codes_guideTable_namesExactlyTheEmittedCodes() throws IOException {
        Set<String> table = new TreeSet<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(GUIDE)) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Reason codes");
            }
            Matcher row = GUIDE_ROW.matcher(line);
            if (inSection && row.find()) {
                table.add(row.group(1));
            }
        }
        assertThat(table).as("codes in the table of %s", POLICIES.getParent().relativize(GUIDE))
                .containsExactlyInAnyOrderElementsOf(all(EMITTED_BY_FILE));
    }
}
