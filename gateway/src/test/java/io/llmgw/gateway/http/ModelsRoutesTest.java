package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.error;
import static io.llmgw.gateway.testing.Http.get;
import static io.llmgw.gateway.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.models.ModelResolution;
import io.llmgw.gateway.testing.FakeAuthz;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.testing.TestGateway;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /v1/models} lists what one listing call allows; {@code /v1/models/{model}} only what is callable. */
@ServerTest
class ModelsRoutesTest {

    private static final String ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct";
    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.builder().catalog(TestGateway.CATALOG + """
            router_settings:
              model_group_alias:
                qwen-coder: Qwen/Qwen3-Coder-480B-A35B-Instruct
                qwen-internal: {model: Qwen/Qwen3-Coder-480B-A35B-Instruct, hidden: true}
            """).build();
    private static final FakeAuthz AUTHZ = GATEWAY.authz();

    private final Http1Client client;

    ModelsRoutesTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    @Test
    void models_aliasOnlyKey_listsExactlyItsModelFromOneListingCall() {
        var response = get(client, "/v1/models", "sk-alias-only");

        assertThat(response.status().code()).isEqualTo(200);
        JsonNode body = json(response.entity());
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(ids(body)).containsExactly(ALIAS);
        assertThat(body.path("data").path(0).path("object").asText()).isEqualTo("model");
        assertThat(AUTHZ.asked()).hasSize(1);
        assertThat(AUTHZ.asked().getFirst().operation().endpoint()).isEqualTo("models.list");
    }

    @Test
    void models_candidatesAreNamesAndAliasesWithHiddenFlagsNotWildcards() {
        get(client, "/models", "sk-all");

        List<ModelResolution> candidates = AUTHZ.asked().getFirst().models();
        assertThat(candidates).extracting(ModelResolution::requested).containsExactly(ALIAS, "gpt-4o-mini",
                "team-model", "secret-preview", "pooled", "qwen-coder", "qwen-internal");
        assertThat(candidates).filteredOn(ModelResolution::hidden).extracting(ModelResolution::requested)
                .containsExactlyInAnyOrder("secret-preview", "qwen-internal");
        assertThat(candidates.get(5).resolved()).isEqualTo("Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16");
    }

    @Test
    void models_allKey_hiddenNamesNotListed() {
        var response = get(client, "/v1/models", "sk-all");

        assertThat(ids(json(response.entity()))).contains(ALIAS, "qwen-coder").doesNotContain("secret-preview",
                "qwen-internal", "mock/*");
    }

    @Test
    void model_callable_200ModelObject() {
        var response = get(client, "/v1/models/" + ALIAS, "sk-alias-only");

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(json(response.entity()).path("id").asText()).isEqualTo(ALIAS);
        assertThat(AUTHZ.asked().getFirst().operation().endpoint()).isEqualTo("models.retrieve");
    }

    @Test
    void model_hiddenButGranted_200() {
        var response = get(client, "/v1/models/secret-preview", "sk-all");

        assertThat(response.status().code()).isEqualTo(200);
    }

    @Test
    void model_existsButNotGranted_403PolicyDeny() {
        var response = get(client, "/v1/models/gpt-4o-mini", "sk-alias-only");

        assertThat(response.status().code()).isEqualTo(403);
        assertThat(error(response).path("code").asText()).isEqualTo("key_model_access_denied");
    }

    @Test
    void model_unknownNotGranted_sameAnswerAsAnExistingModel() {
        var unknown = get(client, "/v1/models/nope", "sk-alias-only");
        var known = get(client, "/v1/models/gpt-4o-mini", "sk-alias-only");

        assertThat(unknown.status().code()).isEqualTo(known.status().code());
        assertThat(error(unknown).path("message").asText().replace("nope", "M"))
                .isEqualTo(error(known).path("message").asText().replace("gpt-4o-mini", "M"));
    }

    @Test
    void model_nameLongerThanAnyModelName_400WithoutAskingAuthz() {
        var response = get(client, "/v1/models/" + "a".repeat(513), "sk-alias-only");

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(error(response).path("param").asText()).isEqualTo("model");
        assertThat(AUTHZ.asked()).isEmpty();
    }

    @Test
    void model_unknownKeyMayUseAnyModel_404() {
        var response = get(client, "/v1/models/nope", "sk-all");

        assertThat(response.status().code()).isEqualTo(404);
        assertThat(error(response).path("code").asText()).isEqualTo("model_not_found");
        assertThat(AUTHZ.asked()).hasSize(1);
    }

    @Test
    void models_authzUnavailable_503() {
        AUTHZ.setAvailable(false);

        var response = get(client, "/v1/models", "sk-all");

        assertThat(response.status().code()).isEqualTo(503);
        assertThat(error(response).path("code").asText()).isEqualTo("authz_unavailable");
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("data").forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }
}
