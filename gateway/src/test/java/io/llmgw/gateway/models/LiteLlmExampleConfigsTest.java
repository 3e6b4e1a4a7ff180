package io.llmgw.gateway.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgw.gateway.config.ConfigFileException;
import io.llmgw.gateway.config.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LiteLLM's own example proxy configs (copied from its repository into
 * {@code src/test/resources/litellm/}, each naming its source) load as a LiteLLM user would
 * use them: every provider resolved to how it is called, the ones the gateway cannot call
 * reported once each and left out of listings.
 */
class LiteLlmExampleConfigsTest {

    private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-openai", "AZURE_API_KEY", "az-key",
            "ANTHROPIC_API_KEY", "sk-ant", "GROQ_API_KEY", "gsk-groq", "SILICONFLOW_API_KEY", "sf-key",
            "ZHIPU_API_KEY", "zp-key");

    private static CatalogLoader.Loaded load(String file) {
        try (InputStream in = LiteLlmExampleConfigsTest.class.getResourceAsStream("/litellm/" + file)) {
            return CatalogLoader.load(YamlNode.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file),
                    ENV::get);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void proxyServerConfig_loadsEveryProviderTheWayItIsCalled() {
        var loaded = load("proxy_server_config.yaml");
        ModelCatalog catalog = loaded.catalog();

        var azure = catalog.lookup("gpt-4").orElseThrow().deployment();
        assertThat(azure.api()).isEqualTo(new UpstreamApi.Azure("2023-05-15"));
        assertThat(azure.apiBase()).contains(URI.create("https://openai-gpt-4-test-v-1.openai.azure.com"));
        assertThat(azure.model()).isEqualTo("chatgpt-v-2");
        assertThat(azure.apiKey().value()).isEqualTo("az-key");

        var mistral = catalog.lookup("mistral-embed").orElseThrow().deployment();
        assertThat(mistral.api()).isEqualTo(new UpstreamApi.OpenAi());
        assertThat(mistral.apiBase()).contains(URI.create("https://api.mistral.ai/v1"));

        var groq = catalog.lookup("groq/llama-3.3-70b-versatile").orElseThrow();
        assertThat(groq.resolved()).isEqualTo("llama-3.3-70b-versatile");
        assertThat(groq.deployment().apiBase()).contains(URI.create("https://api.groq.com/openai/v1"));

        var claude = catalog.lookup("anthropic/claude-sonnet-4-5").orElseThrow().deployment();
        assertThat(claude.api()).isEqualTo(new UpstreamApi.Anthropic());
        assertThat(claude.apiBase()).contains(URI.create("https://api.anthropic.com/v1"));

        assertThat(catalog.lookup("gpt-instruct").orElseThrow().deployment().apiBase())
                .contains(URI.create("https://api.openai.com/v1"));
        assertThat(catalog.lookup("openai-dall-e-3").orElseThrow().provider()).isEqualTo("openai");
        assertThat(catalog.lookup("my-special-fake-model-alias-name").orElseThrow().resolved())
                .isIn("my-fake-model", "my-fake-model-2");
    }

    @Test
    void proxyServerConfig_sagemakerAndEmptyAzureDeploymentReportedOnceAndNotListed() {
        var loaded = load("proxy_server_config.yaml");

        assertThat(loaded.unsupported()).containsExactly(
                "model_list[5] (sagemaker-completion-model, deployment sagemaker-completion-model#1): provider"
                        + " 'sagemaker' needs AWS SigV4 request signing, which this gateway does not do",
                "model_list[7] (dall-e-2, deployment dall-e-2#1): litellm_params.model names no model after 'azure/'");
        var sagemaker = loaded.catalog().lookup("sagemaker-completion-model").orElseThrow().deployment();
        assertThat(sagemaker.callable()).isFalse();
        assertThat(loaded.catalog().listable()).extracting(ModelResolution::requested)
                .contains("gpt-4", "mistral-embed", "gpt-instruct")
                .doesNotContain("sagemaker-completion-model", "dall-e-2", "*", "anthropic/*");
    }

    @Test
    void proxyServerConfig_strictOperator_startUpErrorNamingTheFirstAndCount() {
        var loaded = load("proxy_server_config.yaml");

        assertThatThrownBy(() -> loaded.requireCallable(true, "proxy_server_config.yaml"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage("proxy_server_config.yaml: model_list[5] (sagemaker-completion-model, deployment"
                        + " sagemaker-completion-model#1): provider 'sagemaker' needs AWS SigV4 request signing, which"
                        + " this gateway does not do (gateway.models.fail-on-unsupported is true; 1 more such"
                        + " deployments)");
        assertThat(loaded.requireCallable(false, "x")).isSameAs(loaded);
    }

    @Test
    void proxyServerConfig_unusedSettingsOneWarningEach() {
        var warnings = load("proxy_server_config.yaml").warnings();

        assertThat(warnings).contains(
                "ignoring catalog key model_list[].litellm_params.region_name: not used by this gateway",
                "ignoring catalog key model_list[].litellm_params.stream_timeout: not used by this gateway",
                "ignoring catalog key model_list[].litellm_params.input_cost_per_second: not used by this gateway",
                "ignoring catalog key general_settings: not used by this gateway",
                "ignoring catalog key router_settings.redis_host: not used by this gateway");
        assertThat(warnings).doesNotHaveDuplicates()
                .noneMatch(w -> w.contains("api_version") || w.contains("api_base") || w.contains("api_key"));
    }

    @Test
    void ollamaAliasesConfig_localOllamaUnderV1() {
        var deployment = load("aliases_config.yaml").catalog().lookup("gpt-4").orElseThrow();

        assertThat(deployment.resolved()).isEqualTo("llama2");
        assertThat(deployment.deployment().apiBase()).contains(URI.create("http://localhost:11434/v1"));
    }

    @Test
    void loadBalancerConfig_openRouterDefaultAndUnknownProviderUnsupported() {
        var loaded = load("load_balancer.yaml");

        assertThat(loaded.catalog().listable()).extracting(ModelResolution::requested).containsExactly("gpt-3.5-turbo");
        assertThat(loaded.unsupported()).containsExactly("model_list[3] (mistral-7b-instruct, deployment"
                + " mistral-7b-instruct#1): provider 'mistralai' has no well-known endpoint and the entry names no"
                + " api_base");
        assertThat(loaded.warnings()).contains("ignoring catalog key model_list[].tpm: not used by this gateway",
                "ignoring catalog key environment_variables: not used by this gateway");
    }

    @Test
    void azureConfig_versionGivenOrDefault() {
        ModelCatalog catalog = load("azure_config.yaml").catalog();

        assertThat(catalog.lookup("gpt-4-team1").orElseThrow().deployment().api())
                .isEqualTo(new UpstreamApi.Azure("2023-05-15"));
        assertThat(catalog.lookup("gpt-4-team2").orElseThrow().deployment().api())
                .isEqualTo(new UpstreamApi.Azure(KnownProviders.AZURE_DEFAULT_API_VERSION));
    }

    @Test
    void miscConfig_bedrockUnsupportedEverythingElseCallable() {
        var loaded = load("oai_misc_config.yaml");

        assertThat(loaded.unsupported()).singleElement().asString().startsWith("model_list[4]")
                .contains("'bedrock' needs AWS SigV4");
        assertThat(loaded.catalog().lookup("gpt-5-mini-end-user-test").orElseThrow().deployment().callable()).isTrue();
    }

    @Test
    void chinaDomesticConfig_providersWithApiBaseCalledOpenAiStyle() {
        var deployment = load("china_domestic_free_sources.yaml").catalog().lookup("glm-4-flash").orElseThrow();

        assertThat(deployment.provider()).isEqualTo("zhipu");
        assertThat(deployment.deployment().api()).isEqualTo(new UpstreamApi.OpenAi());
        assertThat(deployment.deployment().apiBase()).contains(URI.create("https://open.bigmodel.cn/api/paas/v4"));
    }
}
