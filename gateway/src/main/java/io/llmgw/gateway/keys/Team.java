package io.llmgw.gateway.keys;

import java.util.List;

/**
 * A team of the key file; its grants apply to every key of the team, as the policy decides.
 *
 * @param id team id, referenced by {@link KeyRecord#teamId()}
 * @param models model grants of the team
 * @param blocked whether every key of the team is refused
 */
public record Team(String id, List<String> models, boolean blocked) {

    public Team {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("team id must not be blank");
        }
        models = List.copyOf(models);
    }
}
