package io.llmgw.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.llmgw.gateway.keys.KeyGenerator;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code create-key}: makes a new API key, prints it once, and prints the key-file entry that
 * holds only its SHA-256. The gateway keeps no copy; a lost key is replaced, not recovered.
 */
@Command(name = "create-key", mixinStandardHelpOptions = true,
        description = "Creates an API key, prints it once, and prints the entry to add under 'keys:' in the key file.")
final class CreateKeyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--id", required = true, description = "Key id: stable, safe to log, unique in the key file.")
    private String id;

    @Option(names = "--team", description = "Team id (must be listed under 'teams:').")
    private String team;

    @Option(names = "--user", description = "User the key is issued to.")
    private String user;

    @Option(names = "--model", split = ",", description = "Model grant (name, pattern, access group or *); repeatable.")
    private List<String> models = new ArrayList<>();

    @Option(names = "--metadata", description = "Label NAME=VALUE passed to the policy; repeatable.")
    private Map<String, String> metadata = new LinkedHashMap<>();

    @Option(names = "--expires", description = "Expiry as an ISO-8601 instant, e.g. 2027-01-31T00:00:00Z.")
    private Instant expires;

    @Override
    public Integer call() throws Exception {
        if (id.isBlank()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--id must not be blank");
        }
        KeyGenerator.NewKey key = new KeyGenerator(new SecureRandom()).generate();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id);
        entry.put("sha256", key.sha256());
        putIfSet(entry, "team", team);
        putIfSet(entry, "user", user);
        entry.put("models", models);
        if (!metadata.isEmpty()) {
            entry.put("metadata", metadata);
        }
        if (expires != null) {
            entry.put("expires", expires.toString());
        }
        var yaml = new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
        PrintWriter out = spec.commandLine().getOut();
        out.println("API key (shown only now; the gateway stores just its hash):");
        out.println();
        out.println("  " + key.key());
        out.println();
        out.println("Add this entry under 'keys:' in the key file; a running gateway picks it up within");
        out.println("gateway.keys.reload-interval (1 s by default), no restart needed:");
        out.println();
        yaml.writeValueAsString(List.of(entry)).lines().forEach(line -> out.println("  " + line));
        out.flush();
        return 0;
    }

    private static void putIfSet(Map<String, Object> entry, String name, String value) {
        if (value != null && !value.isBlank()) {
            entry.put(name, value);
        }
    }
}
