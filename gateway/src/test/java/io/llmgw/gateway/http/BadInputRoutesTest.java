package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.chat;
import static io.llmgw.gateway.testing.Http.error;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.config.HttpConfig;
import io.llmgw.gateway.testing.FakeAuthz;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.upstream.MockProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad requests get OpenAI-shaped 400/404/405 answers and are neither checked nor forwarded. */
@ServerTest
class BadInputRoutesTest {

    private static final int LIMIT = 2048;
    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.builder().http(new HttpConfig(LIMIT)).build();
    private static final FakeAuthz AUTHZ = GATEWAY.authz();
    private static final MockProvider MOCK = GATEWAY.mock();

    private final Http1Client client;

    BadInputRoutesTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON              | {\"model\": \"gpt-4o-mini\",                                 | ",
        "not an object         | [1, 2]                                                        | ",
        "two JSON values       | {\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\"}]} {}  | ",
        "no model              | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}   | model",
        "model not a string    | {\"model\": 4, \"messages\": [{\"role\": \"user\"}]}          | model",
        "no messages           | {\"model\": \"gpt-4o-mini\"}                                  | messages",
        "message without role  | {\"model\": \"gpt-4o-mini\", \"messages\": [{\"content\": 1}]} | messages",
        "stream not a boolean  | {\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\"}], \"stream\": \"yes\"} | stream",
        "max_tokens a string   | {\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\"}], \"max_tokens\": \"9\"} | max_tokens"})
    void chat_badBody_400InvalidRequestNamingParam(String why, String body, String param) {
        var response = post(client, "/v1/chat/completions", "sk-all", body);

        assertThat(response.status().code()).isEqualTo(400);
        var error = error(response);
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").isNull() ? null : error.path("param").asText()).isEqualTo(param);
        assertThat(AUTHZ.asked()).isEmpty();
    }

    @Test
    void chat_bodyOverLimit_400RequestTooLarge() {
        String body = chat("gpt-4o-mini").replace("Hello", "x".repeat(LIMIT));

        var response = post(client, "/v1/chat/completions", "sk-all", body);

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(error(response).path("code").asText()).isEqualTo("request_too_large");
        assertThat(AUTHZ.asked()).isEmpty();
    }

    @Test
    void completionsAndEmbeddings_requiredFieldMissingOrDuplicateModel_400NamingIt() {
        var noPrompt = post(client, "/v1/completions", "sk-all", "{\"model\": \"gpt-4o-mini\"}");
        var emptyInput = post(client, "/v1/embeddings", "sk-all", "{\"model\": \"gpt-4o-mini\", \"input\": []}");
        var twoModels = post(client, "/v1/chat/completions", "sk-all",
                "{\"model\": \"gpt-4o-mini\", \"model\": \"team-model\", \"messages\": [{\"role\": \"user\"}]}");

        assertThat(noPrompt.status().code()).isEqualTo(400);
        assertThat(error(noPrompt).path("param").asText()).isEqualTo("prompt");
        assertThat(emptyInput.status().code()).isEqualTo(400);
        assertThat(error(emptyInput).path("param").asText()).isEqualTo("input");
        assertThat(twoModels.status().code()).isEqualTo(400);
        assertThat(error(twoModels).path("message").asText()).contains("'model' appears more than once");
        assertThat(AUTHZ.asked()).isEmpty();
    }

    @Test
    void embeddings_streamRequested_400() {
        var response = post(client, "/v1/embeddings", "sk-all",
                "{\"model\": \"gpt-4o-mini\", \"input\": \"hi\", \"stream\": true}");

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(error(response).path("param").asText()).isEqualTo("stream");
    }

    @Test
    void chat_unknownModelKeyMayUseIt_404ModelNotFoundAfterAskingAboutTheBareName() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("no-such-model"));

        assertThat(response.status().code()).isEqualTo(404);
        assertThat(error(response).path("code").asText()).isEqualTo("model_not_found");
        var asked = AUTHZ.asked().getFirst().models().getFirst();
        assertThat(asked.requested()).isEqualTo("no-such-model");
        assertThat(asked.resolved()).isEqualTo("no-such-model");
        assertThat(asked.provider()).isEmpty();
        assertThat(asked.deployment().id()).isEmpty();
    }

    @Test
    void chat_unknownModelNotGranted_deniedAsAKnownModelIs() {
        var unknown = post(client, "/v1/chat/completions", "sk-other", chat("no-such-model"));
        var known = post(client, "/v1/chat/completions", "sk-other", chat("team-model"));

        assertThat(unknown.status().code()).isEqualTo(known.status().code()).isEqualTo(403);
        assertThat(error(unknown).path("code").asText()).isEqualTo(error(known).path("code").asText());
        assertThat(error(unknown).path("message").asText().replace("no-such-model", "M"))
                .isEqualTo(error(known).path("message").asText().replace("team-model", "M"));
    }

    @Test
    void chat_wrongMethod_405WithAllowHeader() {
        var response = client.get("/v1/chat/completions").header(HeaderNames.AUTHORIZATION, "Bearer sk-all")
                .request(String.class);

        assertThat(response.status().code()).isEqualTo(405);
        assertThat(response.headers().first(HeaderNames.ALLOW)).contains("POST");
        assertThat(error(response).path("code").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void models_wrongMethod_405() {
        var response = client.method(Method.DELETE).path("/v1/models").request(String.class);

        assertThat(response.status().code()).isEqualTo(405);
        assertThat(response.headers().first(HeaderNames.ALLOW)).contains("GET");
    }

    @Test
    void unknownEndpoint_404InOpenAiShape() {
        var response = post(client, "/v1/images/generations", "sk-all", "{}");

        assertThat(response.status().code()).isEqualTo(404);
        assertThat(error(response).path("code").asText()).isEqualTo("not_found");
    }
}
