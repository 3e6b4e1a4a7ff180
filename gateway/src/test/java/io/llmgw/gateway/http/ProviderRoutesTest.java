package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.chat;
import static io.llmgw.gateway.testing.Http.error;
import static io.llmgw.gateway.testing.Http.get;
import static io.llmgw.gateway.testing.Http.json;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.testing.FakeAuthz;
import io.llmgw.gateway.testing.FakeUpstream;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.upstream.MockProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deployments of LiteLLM providers over real loopback HTTP: Azure deployments called the Azure
 * way, root-based providers under {@code /v1}, and deployments the gateway cannot call checked,
 * unlisted and answered 501.
 */
@ServerTest
class ProviderRoutesTest {

    private static final FakeUpstream UPSTREAM = new FakeUpstream();
    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.builder().catalog("""
            model_list:
              - model_name: azure-gpt
                litellm_params:
                  model: azure/gpt-4o-eu
                  api_base: "%1$s/azure/"
                  api_version: "2024-06-01"
                  api_key: os.environ/TEST_KEY
              - model_name: "azure/*"
                litellm_params: {model: "azure/*", api_base: "%1$s/azure", api_key: os.environ/TEST_KEY}
              - model_name: claude-compat
                litellm_params: {model: anthropic/claude-sonnet-4-5, api_base: "%1$s/root", api_key: os.environ/TEST_KEY}
              - model_name: claude-bedrock
                litellm_params: {model: bedrock/anthropic.claude-3-sonnet, aws_region_name: us-east-1}
              - model_name: mixed
                litellm_params: {model: sagemaker/llama-endpoint}
                model_info: {id: mixed-sagemaker}
              - model_name: mixed
                litellm_params: {model: mock/mixed-v1}
                model_info: {id: mixed-mock}
            """.formatted("http://127.0.0.1:" + UPSTREAM.port())).closeAfterAll(UPSTREAM::stop).build();
    private static final FakeAuthz AUTHZ = GATEWAY.authz();
    private static final MockProvider MOCK = GATEWAY.mock();

    private final Http1Client client;

    ProviderRoutesTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    @Test
    void chat_azureDeployment_deploymentInUrlApiVersionAndApiKeyHeader() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("azure-gpt"));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(json(response.entity()).path("model").asText()).isEqualTo("azure-gpt");
        assertThat(UPSTREAM.lastTarget()).isEqualTo("/azure/openai/deployments/gpt-4o-eu/chat/completions"
                + "?api-version=2024-06-01");
        assertThat(UPSTREAM.lastApiKey()).isEqualTo("sk-upstream");
        assertThat(UPSTREAM.lastAuthorization()).isEmpty();
        assertThat(UPSTREAM.lastModel()).isEqualTo("gpt-4o-eu");
    }

    @Test
    void embeddings_azureWildcardWithoutApiVersion_defaultVersionAndMatchedDeployment() {
        var response = post(client, "/v1/embeddings", "sk-all", "{\"model\": \"azure/text-embed-3\", \"input\": \"hi\"}");

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(UPSTREAM.lastTarget()).isEqualTo("/azure/openai/deployments/text-embed-3/embeddings"
                + "?api-version=2024-10-21");
    }

    @Test
    void chat_azureWildcardNameThatIsNoDeployment_501NothingSent() {
        String before = UPSTREAM.lastTarget();

        var response = post(client, "/v1/chat/completions", "sk-all", chat("azure/..%2F..%2Fadmin"));

        assertThat(response.status().code()).isEqualTo(501);
        assertThat(error(response).path("code").asText()).isEqualTo("provider_not_supported");
        assertThat(UPSTREAM.lastTarget()).isEqualTo(before);
    }

    @Test
    void chat_anthropicWithLiteLlmStyleRootBase_calledUnderV1WithBearer() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("claude-compat"));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(UPSTREAM.lastTarget()).isEqualTo("/root/v1/chat/completions");
        assertThat(UPSTREAM.lastAuthorization()).isEqualTo("Bearer sk-upstream");
    }

    @Test
    void chat_bedrockDeployment_checkedThen501NamingWhy() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("claude-bedrock"));

        assertThat(response.status().code()).isEqualTo(501);
        var error = error(response);
        assertThat(error.path("code").asText()).isEqualTo("provider_not_supported");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("bedrock").contains("AWS SigV4");
        assertThat(AUTHZ.asked()).hasSize(1);
        assertThat(AUTHZ.asked().getFirst().models().getFirst().provider()).isEqualTo("bedrock");
    }

    @Test
    void chat_bedrockDeploymentKeyNotGranted_403AsForAnyModel() {
        var response = post(client, "/v1/chat/completions", "sk-other", chat("claude-bedrock"));

        assertThat(response.status().code()).isEqualTo(403);
        assertThat(error(response).path("code").asText()).isEqualTo("key_model_access_denied");
    }

    @Test
    void chat_groupWithUnsupportedAndMockDeployments_alwaysTheCallableOne() {
        long before = MOCK.calls();
        for (int i = 0; i < 4; i++) {
            var response = post(client, "/v1/chat/completions", "sk-all", chat("mixed"));
            assertThat(response.status().code()).isEqualTo(200);
        }

        assertThat(MOCK.calls() - before).isEqualTo(4);
        assertThat(AUTHZ.asked()).allSatisfy(a -> assertThat(a.models().getFirst().deployment().id())
                .isEqualTo("mixed-mock"));
    }

    @Test
    void models_unsupportedOnlyNamesLeftOut() {
        var response = get(client, "/v1/models", "sk-all");

        List<String> ids = new ArrayList<>();
        json(response.entity()).path("data").forEach(m -> ids.add(m.path("id").asText()));
        assertThat(ids).containsExactly("azure-gpt", "claude-compat", "mixed");
    }
}
