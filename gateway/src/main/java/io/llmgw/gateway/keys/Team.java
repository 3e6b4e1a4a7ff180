package io.llmgw.gateway.keys;

import java.util.List;
import java.util.Map;

/**
 * A team of the key file; its grants apply to every key of the team, as the policy decides.
 *
 * @param id team id, referenced by {@link KeyRecord#teamId()}
 * @param models model grants of the team
 * @param blocked whether every key of the team is refused
 * @param metadata labels of the team, which the policy sees as {@code principal.team_metadata}
 */
public record Team(String id, List<String> models, boolean blocked, Map<String, String> metadata) {

    public Team {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("team id must not be blank");
        }
        models = List.copyOf(models);
        metadata = Map.copyOf(metadata);
    }

    /** A team without labels. */
    public Team(String id, List<String> models, boolean blocked) {
        this(id, models, blocked, Map.of());
    }
}
