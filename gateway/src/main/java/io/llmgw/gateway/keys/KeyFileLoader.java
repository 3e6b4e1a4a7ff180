package io.llmgw.gateway.keys;

import io.llmgw.gateway.config.YamlNode;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the key file: {@code teams} ({@code id}, {@code models}, {@code blocked}, {@code metadata}) and
 * {@code keys} ({@code id}, {@code sha256}, {@code team}, {@code user}, {@code models},
 * {@code metadata}, {@code expires}, {@code blocked}). Unlike the catalog, an unknown key here
 * stops start-up: a misspelt {@code blocked} must not leave a key working. So does one of the
 * public demo keys, unless they are allowed (the demo).
 */
public final class KeyFileLoader {

    private static final Set<String> TOP = Set.of("teams", "keys");
    private static final Set<String> TEAM = Set.of("id", "models", "blocked", "metadata");
    private static final Set<String> KEY = Set.of("id", "sha256", "team", "user", "models", "metadata", "expires",
            "blocked");

    private KeyFileLoader() {}

    /** Builds the registry from {@code doc}, demo keys allowed (tests); a malformed entry fails naming its key. */
    public static KeyRegistry load(YamlNode doc, Clock clock) {
        return load(doc, clock, true);
    }

    /**
     * Builds the registry from {@code doc}; a malformed entry fails naming its key, and so does
     * a public demo key unless {@code allowDemoKeys}.
     */
    public static KeyRegistry load(YamlNode doc, Clock clock, boolean allowDemoKeys) {
        rejectUnknown(doc, TOP);
        List<Team> teams = new ArrayList<>();
        for (YamlNode t : doc.get("teams").map(YamlNode::asList).orElse(List.of())) {
            rejectUnknown(t, TEAM);
            teams.add(new Team(t.required("id").asText(), strings(t, "models"), flag(t, "blocked"), metadata(t)));
        }
        List<KeyRecord> keys = new ArrayList<>();
        for (YamlNode k : doc.get("keys").map(YamlNode::asList).orElse(List.of())) {
            rejectUnknown(k, KEY);
            YamlNode sha = k.required("sha256");
            String hex = sha.asText().toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw sha.error("must be 64 hex digits (the SHA-256 of the key, never the key itself)");
            }
            if (!allowDemoKeys) {
                DemoKeys.publicKeyOf(hex).ifPresent(demo -> {
                    throw sha.error("is the hash of the public demo key " + demo + ", which anyone can read in the"
                            + " repository; refused outside the demo. Remove the entry, or set"
                            + " gateway.keys.allow-demo-keys=true (GATEWAY_KEYS_ALLOW_DEMO_KEYS=true) to serve the"
                            + " demo, as make run does");
                });
            }
            keys.add(new KeyRecord(k.required("id").asText(), hex, text(k, "team"), text(k, "user"),
                    strings(k, "models"), metadata(k), k.get("expires").map(KeyFileLoader::instant), flag(k, "blocked")));
        }
        try {
            return new KeyRegistry(keys, teams, clock);
        } catch (IllegalArgumentException e) {
            throw doc.error(e.getMessage());
        }
    }

    private static Instant instant(YamlNode node) {
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw node.error("must be an ISO-8601 instant such as 2027-01-31T00:00:00Z");
        }
    }

    private static Map<String, String> metadata(YamlNode entry) {
        Map<String, String> metadata = new LinkedHashMap<>();
        entry.get("metadata").ifPresent(m -> m.asMap().forEach((name, value) -> metadata.put(name, value.asText())));
        return metadata;
    }

    private static String text(YamlNode node, String key) {
        return node.get(key).map(YamlNode::asText).orElse("");
    }

    private static List<String> strings(YamlNode node, String key) {
        return node.get(key).map(YamlNode::asStrings).orElse(List.of());
    }

    private static boolean flag(YamlNode node, String key) {
        return node.get(key).map(YamlNode::asBoolean).orElse(false);
    }

    private static void rejectUnknown(YamlNode node, Set<String> known) {
        Optional<String> unknown = node.unknownKeys(known).stream().findFirst();
        if (unknown.isPresent()) {
            throw node.error("has unknown key " + unknown.get() + "; allowed: " + String.join(", ", known.stream()
                    .sorted().toList()));
        }
    }
}
