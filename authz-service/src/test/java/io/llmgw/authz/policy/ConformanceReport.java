package io.llmgw.authz.policy;

import io.llmgw.authz.policy.ConformanceJudge.Outcome;
import io.llmgw.authz.policy.OpaConformanceTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The conformance run as Markdown: counts, counts per suite, every skip grouped by its
 * reason, and every failure with its cause. {@link #writeInto} replaces the part of a
 * document between the {@value #BEGIN} and {@value #END} markers, so the prose around it is
 * kept and the figures are always those of the last run.
 */
final class ConformanceReport {

    static final String BEGIN = "<!-- conformance-run:begin (written by make conformance) -->";
    static final String END = "<!-- conformance-run:end -->";

    private final List<Result> results;
    private final Map<String, String> knownCauses;
    private final double compileSeconds;
    private final double runSeconds;

    ConformanceReport(List<Result> results, Map<String, String> knownCauses, double compileSeconds, double runSeconds) {
        this.results = results;
        this.knownCauses = knownCauses;
        this.compileSeconds = compileSeconds;
        this.runSeconds = runSeconds;
    }

    private long count(Outcome outcome) {
        return results.stream().filter(r -> r.engine().outcome() == outcome).count();
    }

    /** One line in the plain form test runners are read by. */
    String summaryLine() {
        return "conformance: " + count(Outcome.PASSED) + " passed, " + count(Outcome.FAILED) + " failed, "
                + count(Outcome.SKIPPED) + " skipped";
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| cases | passed | failed | skipped | engine-only failures (the SDK passes) |\n")
                .append("| ---: | ---: | ---: | ---: | ---: |\n")
                .append("| ").append(results.size()).append(" | ").append(count(Outcome.PASSED)).append(" | ")
                .append(count(Outcome.FAILED)).append(" | ").append(count(Outcome.SKIPPED)).append(" | ")
                .append(results.stream().filter(Result::engineOnlyFailure).count()).append(" |\n\n");
        md.append(String.format("Compiling the cases took %.0f s, running them %.0f s (two threads).%n%n",
                compileSeconds, runSeconds));
        failures(md);
        skips(md);
        suites(md);
        return md.toString();
    }

    private void failures(StringBuilder md) {
        List<Result> failed = results.stream().filter(r -> r.engine().outcome() == Outcome.FAILED).toList();
        md.append("### Failures\n\n");
        if (failed.isEmpty()) {
            md.append("None.\n\n");
            return;
        }
        md.append("| case | cause | through the SDK's OpaPolicy | what the engine returned |\n| --- | --- | --- | --- |\n");
        for (Result r : failed) {
            md.append("| ").append(cell(r.testCase().id())).append(" | ")
                    .append(cell(knownCauses.getOrDefault(r.testCase().id(), derivedCause(r)))).append(" | ")
                    .append(r.sdk() == null ? "not run" : r.sdk().passed() ? "passes" : "fails too").append(" | ")
                    .append(cell(abbreviate(r.engine().reason()))).append(" |\n");
        }
        md.append('\n');
    }

    private static String derivedCause(Result r) {
        if (r.sdk() == null) {
            return "not run through the SDK";
        }
        return r.sdk().passed() ? "this project's engine: the SDK's OpaPolicy passes the case"
                : "the wasm target or the Java SDK: OpaPolicy fails it too";
    }

    private void skips(StringBuilder md) {
        Map<String, List<Result>> byReason = new TreeMap<>(results.stream()
                .filter(r -> r.engine().outcome() == Outcome.SKIPPED)
                .collect(Collectors.groupingBy(r -> r.engine().reason())));
        md.append("### Skips, by reason\n\n| cases | reason | cases (suite/file: note) |\n| ---: | --- | --- |\n");
        byReason.entrySet().stream()
                .sorted((a, b) -> b.getValue().size() - a.getValue().size())
                .forEach(e -> md.append("| ").append(e.getValue().size()).append(" | ").append(cell(e.getKey()))
                        .append(" | ").append(cell(e.getValue().stream().map(r -> r.testCase().id())
                                .collect(Collectors.joining("; ")))).append(" |\n"));
        md.append('\n');
    }

    private void suites(StringBuilder md) {
        Map<String, long[]> bySuite = new TreeMap<>();
        for (Result r : results) {
            bySuite.computeIfAbsent(r.testCase().suite(), s -> new long[3])[r.engine().outcome().ordinal()]++;
        }
        md.append("### Per suite\n\n| suite | passed | failed | skipped |\n| --- | ---: | ---: | ---: |\n");
        bySuite.forEach((suite, n) -> md.append("| ").append(suite).append(" | ").append(n[0]).append(" | ")
                .append(n[1]).append(" | ").append(n[2]).append(" |\n"));
    }

    /** Replaces the marked part of {@code doc} with this report. */
    void writeInto(Path doc) throws IOException {
        String text = Files.readString(doc);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(doc + " has no " + BEGIN + " ... " + END + " section to write the run into");
        }
        Files.writeString(doc, text.substring(0, begin + BEGIN.length()) + "\n" + markdown() + "\n" + text.substring(end));
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
