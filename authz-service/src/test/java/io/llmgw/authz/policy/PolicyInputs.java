package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Complete policy input documents, shaped as the service builds them, for engine tests. */
final class PolicyInputs {

    static final String ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct";
    static final String UPSTREAM = "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyInputs() {}

    /** A model object: requested name, resolved name, hidden flag, other fields empty. */
    static String model(String requested, String resolved, boolean hidden) {
        return """
                {"requested": "%s", "resolved": "%s", "deployment": "d", "provider": "mock",
                 "access_groups": [], "tags": [], "hidden": %s}""".formatted(requested, resolved, hidden);
    }

    private static String principal(String grant) {
        return """
                {"key_id": "k", "team_id": "", "user_id": "", "key_models": ["%s"], "team_models": [],
                 "metadata": {}}""".formatted(grant);
    }

    private static final String REST = """
            "operation": {"endpoint": "chat.completions", "method": "POST", "path": "/v1/chat/completions",
                          "stream": false},
            "request": {"request_id": "r", "time": "", "client_address": ""}""";

    /** A check of the original report's alias by a key granted {@code grant}. */
    static JsonNode check(String grant) {
        return check(grant, ALIAS, UPSTREAM);
    }

    /** A check of {@code requested}, resolved to {@code resolved}, by a key granted {@code grant}. */
    static JsonNode check(String grant, String requested, String resolved) {
        return parse("{\"principal\": " + principal(grant) + ", \"model\": " + model(requested, resolved, false) + ", "
                + REST + "}");
    }

    /** A listing by a key granted {@code grant} of the given model objects. */
    static JsonNode listing(String grant, String... models) {
        return parse("{\"principal\": " + principal(grant) + ", \"models\": [" + String.join(", ", models) + "], "
                + REST + "}");
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
