package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.chat;
import static io.llmgw.gateway.testing.Http.get;
import static io.llmgw.gateway.testing.Http.json;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.testing.GatewayFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Model listing and lookup against the real authz-service: what is listed is exactly what is callable. */
@ServerTest
class ModelsWithRealAuthzTest {

    private static final String ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct";
    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.withRealAuthz();

    private final Http1Client client;

    ModelsWithRealAuthzTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    @Test
    void models_aliasOnlyKey_listsExactlyTheAliasAndItIsCallable() {
        var listed = ids(get(client, "/v1/models", "sk-alias-only").entity());

        assertThat(listed).containsExactly(ALIAS);
        for (String model : listed) {
            assertThat(post(client, "/v1/chat/completions", "sk-alias-only", chat(model)).status().code())
                    .isEqualTo(200);
        }
    }

    @Test
    void models_otherKey_listsOnlyItsModel() {
        assertThat(ids(get(client, "/models", "sk-other").entity())).containsExactly("gpt-4o-mini");
    }

    @Test
    void models_hiddenGrantedModel_notListedButRetrievableAndCallable() {
        assertThat(ids(get(client, "/v1/models", "sk-preview").entity())).isEmpty();
        assertThat(get(client, "/v1/models/secret-preview", "sk-preview").status().code()).isEqualTo(200);
        assertThat(post(client, "/v1/chat/completions", "sk-preview", chat("secret-preview")).status().code())
                .isEqualTo(200);
    }

    @Test
    void model_notGranted_403NamingTheKeysGrants() {
        var response = get(client, "/v1/models/" + ALIAS, "sk-other");

        assertThat(response.status().code()).isEqualTo(403);
        assertThat(json(response.entity()).path("error").path("code").asText()).isEqualTo("key_model_access_denied");
        assertThat(json(response.entity()).path("error").path("message").asText())
                .isEqualTo("key not allowed to access model. This key can only access models=[\"gpt-4o-mini\"]."
                        + " Tried to access " + ALIAS);
    }

    @Test
    void enumeration_notGrantedKey_sameAnswerForExistingAndUnknownName_retrieveAndCall() {
        String unknown = "Qwen/Qwen4-Unreleased";
        for (var pair : List.of(
                List.of(get(client, "/v1/models/" + ALIAS, "sk-other"), get(client, "/v1/models/" + unknown, "sk-other")),
                List.of(post(client, "/v1/chat/completions", "sk-other", chat(ALIAS)),
                        post(client, "/v1/chat/completions", "sk-other", chat(unknown))))) {
            var known = pair.get(0);
            var missing = pair.get(1);
            assertThat(missing.status().code()).isEqualTo(known.status().code()).isEqualTo(403);
            assertThat(missing.entity().replace(unknown, "M")).isEqualTo(known.entity().replace(ALIAS, "M"));
        }
    }

    @Test
    void model_granted_200() {
        var response = get(client, "/v1/models/" + ALIAS, "sk-alias-only");

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(json(response.entity()).path("id").asText()).isEqualTo(ALIAS);
    }

    private static List<String> ids(String list) {
        List<String> ids = new ArrayList<>();
        JsonNode body = json(list);
        body.path("data").forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }
}
