package io.llmgw.gateway.keys;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An authenticated caller, as the policy sees it. Holds no secret.
 *
 * @param keyId stable identifier of the key
 * @param teamId team of the key; empty when none
 * @param userId user of the key; empty when unknown
 * @param keyModels grants on the key
 * @param teamModels grants on the key's team; empty when it has none
 * @param metadata labels of the key
 * @param teamMetadata labels of the key's team; empty when it has none
 */
public record Principal(String keyId, String teamId, String userId, List<String> keyModels,
        List<String> teamModels, Map<String, String> metadata, Map<String, String> teamMetadata) {

    public Principal {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("key id must not be blank");
        }
        teamId = Objects.requireNonNullElse(teamId, "");
        userId = Objects.requireNonNullElse(userId, "");
        keyModels = List.copyOf(keyModels);
        teamModels = List.copyOf(teamModels);
        metadata = Map.copyOf(metadata);
        teamMetadata = Map.copyOf(teamMetadata);
    }

    /** A caller whose team has no labels. */
    public Principal(String keyId, String teamId, String userId, List<String> keyModels, List<String> teamModels,
            Map<String, String> metadata) {
        this(keyId, teamId, userId, keyModels, teamModels, metadata, Map.of());
    }
}
