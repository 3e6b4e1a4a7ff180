package io.llmgw.authz.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One run of the policy command line, as a user runs it, with what it printed.
 *
 * @param exitCode the exit code
 * @param out standard output
 * @param err standard error
 */
record ToolRun(int exitCode, String out, String err) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ToolRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PolicyCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new ToolRun(code, out.toString(), err.toString());
    }

    /** Standard output as JSON lines. */
    List<JsonNode> jsonLines() {
        return out.lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }).toList();
    }

    /** The closing summary object of a --json run. */
    JsonNode summary() {
        return jsonLines().getLast().path("summary");
    }
}
