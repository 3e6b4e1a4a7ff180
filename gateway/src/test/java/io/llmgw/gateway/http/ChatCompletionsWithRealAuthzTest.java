package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.chat;
import static io.llmgw.gateway.testing.Http.error;
import static io.llmgw.gateway.testing.Http.json;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.upstream.MockProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The production routes against the real authz-service (compiled policies) over loopback gRPC. */
@ServerTest
class ChatCompletionsWithRealAuthzTest {

    private static final String ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct";
    private static final String UPSTREAM = "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16";

    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.withRealAuthz();
    private static final MockProvider MOCK = GATEWAY.mock();

    private final Http1Client client;

    ChatCompletionsWithRealAuthzTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    @Test
    void chat_aliasGrantedKey_completesWithRequestedName() {
        long before = MOCK.calls();
        var response = post(client, "/v1/chat/completions", "sk-alias-only", chat(ALIAS));

        assertThat(response.status().code()).isEqualTo(200);
        var body = json(response.entity());
        assertThat(body.path("model").asText()).isEqualTo(ALIAS);
        assertThat(body.path("choices").path(0).path("message").path("content").asText()).contains(UPSTREAM);
        assertThat(MOCK.calls()).isEqualTo(before + 1);
    }

    @Test
    void chatStream_aliasGrantedKey_streamsWithRequestedName() {
        var response = post(client, "/v1/chat/completions", "sk-alias-only",
                "{\"model\": \"%s\", \"stream\": true, \"messages\": [{\"role\": \"user\"}]}".formatted(ALIAS));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.entity()).contains("\"model\":\"" + ALIAS + "\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void chat_keyGrantedOtherModel_403NamingAliasAndNothingForwarded() {
        long before = MOCK.calls();
        var response = post(client, "/v1/chat/completions", "sk-other", chat(ALIAS));

        assertThat(response.status().code()).isEqualTo(403);
        var error = error(response);
        assertThat(error.path("code").asText()).isEqualTo("key_model_access_denied");
        assertThat(error.path("type").asText()).isEqualTo("permission_error");
        assertThat(error.path("message").asText()).contains("Tried to access " + ALIAS).doesNotContain(UPSTREAM);
        assertThat(MOCK.calls()).isEqualTo(before);
    }

    @Test
    void embeddings_aliasGrantedKeyOnOtherModel_403() {
        var response = post(client, "/v1/embeddings", "sk-alias-only", "{\"model\": \"gpt-4o-mini\", \"input\": \"x\"}");

        assertThat(response.status().code()).isEqualTo(403);
    }
}
