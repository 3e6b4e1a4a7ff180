package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.testing.FakeAuthz;
import io.llmgw.gateway.testing.FakeUpstream;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.testing.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Azure OpenAI's routes: the deployment in the path is the model checked and called, whatever
 * the body's {@code model} or a {@code ?model=} says; {@code api-version} is required and must
 * be one; the key comes in {@code api-key} (or as a bearer token), nowhere else.
 */
@ServerTest
class AzureRoutesTest {

    private static final String ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct";
    private static final String ALIAS_IN_PATH = "Qwen%2FQwen3-Coder-480B-A35B-Instruct";
    private static final String VERSION = "api-version=2024-10-21";
    private static final String MESSAGES = "\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]";
    private static final FakeUpstream UPSTREAM = new FakeUpstream();
    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.builder().catalog(TestGateway.CATALOG + """
              - model_name: azure-gpt
                litellm_params:
                  model: azure/gpt-4o-eu
                  api_base: "http://127.0.0.1:%d/azure"
                  api_version: "2024-06-01"
                  api_key: os.environ/TEST_KEY
            """.formatted(UPSTREAM.port())).closeAfterAll(UPSTREAM::stop).build();
    private static final FakeAuthz AUTHZ = GATEWAY.authz();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final WebServer server;

    AzureRoutesTest(WebServer server) {
        this.server = server;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    /** Sent with the JDK's client, which keeps the path and query exactly as written ({@code %2F} included). */
    private Reply post(String pathAndQuery, Map<String, String> headers, String body) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response: status and body. */
    private record Reply(int status, String entity) {}

    private Reply chat(String deployment, String key, String body) {
        return post("/openai/deployments/" + deployment + "/chat/completions?" + VERSION, Map.of("api-key", key), body);
    }

    @Test
    void chat_deploymentInPath_checkedAndCalledByThatName() {
        var response = chat(ALIAS_IN_PATH, "sk-alias-only", "{" + MESSAGES + "}");

        assertThat(response.status()).isEqualTo(200);
        var body = json(response.entity());
        assertThat(body.path("model").asText()).isEqualTo(ALIAS);
        assertThat(body.path("choices").path(0).path("message").path("content").asText())
                .isEqualTo("Hello from mock model Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16.");
        var asked = AUTHZ.asked().getFirst();
        assertThat(asked.models().getFirst().requested()).isEqualTo(ALIAS);
        assertThat(asked.operation().endpoint()).isEqualTo("chat.completions");
        assertThat(asked.operation().path()).isEqualTo("/openai/deployments/" + ALIAS + "/chat/completions");
    }

    @Test
    void chat_bodyNamesAModelTheKeyMayUse_pathStillDecides403() {
        var response = chat(ALIAS_IN_PATH, "sk-other", "{\"model\": \"gpt-4o-mini\", " + MESSAGES + "}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(AUTHZ.asked()).singleElement().satisfies(a -> assertThat(a.models().getFirst().requested())
                .isEqualTo(ALIAS));
    }

    @Test
    void chat_bodyNamesAnotherModel_pathsModelCalled() {
        var response = chat("gpt-4o-mini", "sk-other", "{\"model\": \"" + ALIAS + "\", " + MESSAGES + "}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(json(response.entity()).path("choices").path(0).path("message").path("content").asText())
                .isEqualTo("Hello from mock model gpt-4o-mini-2024-07-18.");
    }

    @Test
    void chat_modelQueryParameter_notRead() {
        var response = post("/openai/deployments/gpt-4o-mini/chat/completions?model=" + ALIAS_IN_PATH + "&" + VERSION,
                Map.of("api-key", "sk-alias-only"), "{" + MESSAGES + "}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(AUTHZ.asked().getFirst().models().getFirst().requested()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void chat_azureUpstream_bodyWithoutModelGetsTheResolvedDeployment() {
        var response = chat("azure-gpt", "sk-all", "{" + MESSAGES + "}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(UPSTREAM.lastTarget()).isEqualTo("/azure/openai/deployments/gpt-4o-eu/chat/completions"
                + "?api-version=2024-06-01");
        assertThat(UPSTREAM.lastModel()).isEqualTo("gpt-4o-eu");
        assertThat(UPSTREAM.lastApiKey()).isEqualTo("sk-upstream");
    }

    @Test
    void chatStream_servedAsOpenAiEvents() {
        var response = chat(ALIAS_IN_PATH, "sk-alias-only", "{\"stream\": true, " + MESSAGES + "}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.entity()).contains("\"model\":\"" + ALIAS + "\"")
                .endsWith("data: [DONE]\n\n");
    }

    @Test
    void completionsAndEmbeddings_servedByTheirDeployment() {
        var completion = post("/openai/deployments/" + ALIAS_IN_PATH + "/completions?" + VERSION,
                Map.of("api-key", "sk-alias-only"), "{\"prompt\": \"Hello\"}");
        var embeddings = post("/openai/deployments/" + ALIAS_IN_PATH + "/embeddings?" + VERSION,
                Map.of("api-key", "sk-alias-only"), "{\"input\": [\"a\", \"b\"]}");

        assertThat(completion.status()).isEqualTo(200);
        assertThat(json(completion.entity()).path("object").asText()).isEqualTo("text_completion");
        assertThat(embeddings.status()).isEqualTo(200);
        assertThat(json(embeddings.entity()).path("data").size()).isEqualTo(2);
        assertThat(AUTHZ.asked()).extracting(a -> a.operation().endpoint()).containsExactly("completions", "embeddings");
    }

    @Test
    void chat_apiVersionMissingMalformedOrTwice_400BeforeAnyCheck() {
        for (String query : new String[] {"", "?api-version=latest", "?api-version=2024-13-45",
                "?api-version=2024-10-21&api-version=2024-06-01"}) {
            var response = post("/openai/deployments/" + ALIAS_IN_PATH + "/chat/completions" + query,
                    Map.of("api-key", "sk-alias-only"), "{" + MESSAGES + "}");

            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(json(response.entity()).path("error").path("param").asText()).isEqualTo("api-version");
        }
        assertThat(AUTHZ.asked()).isEmpty();
    }

    @Test
    void chat_bodyModelNotAString_400() {
        var response = chat(ALIAS_IN_PATH, "sk-alias-only", "{\"model\": 7, " + MESSAGES + "}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response.entity()).path("error").path("param").asText()).isEqualTo("model");
    }

    @Test
    void chat_keyInAnotherApisHeader_401() {
        var response = post("/openai/deployments/" + ALIAS_IN_PATH + "/chat/completions?" + VERSION,
                Map.of("x-api-key", "sk-alias-only"), "{" + MESSAGES + "}");

        assertThat(response.status()).isEqualTo(401);
        assertThat(AUTHZ.asked()).isEmpty();
    }

    @Test
    void chat_bearerToken_accepted() {
        var response = post("/openai/deployments/" + ALIAS_IN_PATH + "/chat/completions?" + VERSION,
                Map.of("Authorization", "Bearer sk-alias-only"), "{" + MESSAGES + "}");

        assertThat(response.status()).isEqualTo(200);
    }
}
