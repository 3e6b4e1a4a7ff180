package io.llmgw.gateway.keys;

import java.util.List;
import java.util.Objects;

/**
 * What the gateway knows about an API key once it is authenticated. Never holds the key.
 *
 * @param keyId stable identifier of the key, safe to log
 * @param teamId team of the key; empty when none
 * @param models model grants of the key (names, patterns, access groups, {@code *})
 */
public record KeyRecord(String keyId, String teamId, List<String> models) {

    public KeyRecord {
        Objects.requireNonNull(keyId, "keyId");
        teamId = teamId == null ? "" : teamId;
        models = List.copyOf(models);
    }
}
