package io.llmgw.gateway.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgw.gateway.config.ConfigFileException;
import io.llmgw.gateway.config.YamlNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A LiteLLM {@code config.yaml} loads unchanged; what is unused warns once, what is malformed stops. */
class CatalogLoaderTest {

    /** Shaped like LiteLLM's documented proxy config, with keys this gateway does not use. */
    private static final String LITELLM_CONFIG = """
            model_list:
              - model_name: gpt-4o
                litellm_params:
                  model: openai/gpt-4o
                  api_key: os.environ/OPENAI_API_KEY
                  rpm: 600
                model_info:
                  id: gpt-4o-eu
                  access_groups: [beta-models]
                  tags: [eu]
                  mode: chat
              - model_name: gpt-4o
                litellm_params:
                  model: azure/gpt-4o-deployment
                  api_base: https://example-endpoint.openai.azure.com
                  api_key: os.environ/AZURE_API_KEY
                  api_version: "2024-06-01"
                  rpm: 300
              - model_name: "openai/*"
                litellm_params:
                  model: "openai/*"
                  api_key: os.environ/OPENAI_API_KEY
              - model_name: local-coder
                litellm_params:
                  model: hosted_vllm/Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16
                  api_base: http://vllm.internal:8000/v1
                  timeout: 30
            router_settings:
              routing_strategy: simple-shuffle
              model_group_alias: {"gpt-4": "gpt-4o"}
            litellm_settings:
              drop_params: true
            general_settings:
              master_key: sk-1234
            """;

    private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-openai", "AZURE_API_KEY", "az-key");

    private static CatalogLoader.Loaded load(String yaml) {
        return CatalogLoader.load(YamlNode.parse(yaml, "config.yaml"), ENV::get);
    }

    @Test
    void load_liteLlmConfig_loadsAndResolvesEveryKind() {
        ModelCatalog catalog = load(LITELLM_CONFIG).catalog();

        var exact = catalog.lookup("gpt-4o").orElseThrow();
        assertThat(exact.resolved()).isEqualTo("gpt-4o");
        assertThat(exact.deployment().id()).isEqualTo("gpt-4o-eu");
        assertThat(exact.deployment().apiKey().value()).isEqualTo("sk-openai");
        assertThat(exact.deployment().apiBase()).contains(URI.create("https://api.openai.com/v1"));
        assertThat(exact.accessGroups()).containsExactly("beta-models");
        assertThat(exact.tags()).containsExactly("eu");

        var vllm = catalog.lookup("local-coder").orElseThrow();
        assertThat(vllm.provider()).isEqualTo("hosted_vllm");
        assertThat(vllm.resolved()).isEqualTo("Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16");
        assertThat(vllm.deployment().timeout()).contains(Duration.ofSeconds(30));

        assertThat(catalog.lookup("gpt-4").orElseThrow().resolved()).isEqualTo("gpt-4o");
        assertThat(catalog.lookup("openai/o3-mini").orElseThrow().resolved()).isEqualTo("o3-mini");
    }

    @Test
    void load_unusedKeys_oneWarningEach() {
        var warnings = load(LITELLM_CONFIG).warnings();

        assertThat(warnings).containsExactlyInAnyOrder(
                "ignoring catalog key litellm_settings.drop_params: not used by this gateway",
                "ignoring catalog key general_settings: not used by this gateway",
                "ignoring catalog key model_list[].litellm_params.rpm: not used by this gateway",
                "ignoring catalog key model_list[].model_info.mode: not used by this gateway",
                "ignoring catalog key router_settings.routing_strategy: not used by this gateway");
    }

    @Test
    void load_secretsNeverInToString() {
        var deployment = load(LITELLM_CONFIG).catalog().lookup("gpt-4o").orElseThrow().deployment();

        assertThat(deployment.toString()).doesNotContain("sk-openai");
    }

    @Test
    void load_missingModel_failsNamingKey() {
        assertThatThrownBy(() -> load("model_list:\n  - model_name: a\n    litellm_params: {api_base: http://x}\n"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage("config.yaml: model_list[0].litellm_params.model is required");
    }

    @Test
    void load_modelNameNotString_failsNamingKey() {
        assertThatThrownBy(() -> load("model_list:\n  - model_name: [a]\n    litellm_params: {model: mock/a}\n"))
                .hasMessage("config.yaml: model_list[0].model_name must be a non-empty string");
    }

    @Test
    void load_unsetEnvironmentVariable_failsNamingKeyAndVariable() {
        assertThatThrownBy(() -> load("""
                model_list:
                  - model_name: a
                    litellm_params: {model: openai/a, api_key: os.environ/NOPE}
                """)).hasMessage("config.yaml: model_list[0].litellm_params.api_key names environment variable NOPE,"
                + " which is not set");
    }

    @Test
    void load_unknownProviderWithoutApiBase_loadedUnsupportedAndNamed() {
        var loaded = load("model_list:\n  - model_name: c\n    litellm_params: {model: acme/claude}\n");

        assertThat(loaded.unsupported()).containsExactly("model_list[0] (c, deployment c#1): provider 'acme' has no"
                + " well-known endpoint and the entry names no api_base");
        assertThat(loaded.catalog().lookup("c").orElseThrow().deployment().api())
                .isInstanceOf(UpstreamApi.Unsupported.class);
    }

    @Test
    void load_wellKnownProviderWithoutApiBase_itsPublicEndpoint() {
        var catalog = load("""
                model_list:
                  - model_name: a
                    litellm_params: {model: deepseek/deepseek-chat}
                  - model_name: b
                    litellm_params: {model: together_ai/meta-llama/Llama-3-70b}
                  - model_name: c
                    litellm_params: {model: xai/grok-4, api_base: "https://proxy.internal/xai/v1"}
                """).catalog();

        assertThat(catalog.lookup("a").orElseThrow().deployment().apiBase())
                .contains(URI.create("https://api.deepseek.com/beta"));
        assertThat(catalog.lookup("b").orElseThrow().resolved()).isEqualTo("meta-llama/Llama-3-70b");
        assertThat(catalog.lookup("b").orElseThrow().deployment().apiBase())
                .contains(URI.create("https://api.together.xyz/v1"));
        assertThat(catalog.lookup("c").orElseThrow().deployment().apiBase())
                .contains(URI.create("https://proxy.internal/xai/v1"));
    }

    @Test
    void load_azureApiVersionThatCannotGoInUrl_failsNamingKey() {
        assertThatThrownBy(() -> load("""
                model_list:
                  - model_name: a
                    litellm_params: {model: azure/d, api_base: "https://r.openai.azure.com", api_version: "1&x=2"}
                """)).hasMessage("config.yaml: model_list[0].litellm_params api_version must be an Azure API version"
                + " such as 2024-10-21, was 1&x=2");
    }

    @Test
    void load_fallbacksAndRetries_fromRouterSettingsOverLiteLlmSettings() {
        var loaded = load("""
                model_list:
                  - model_name: a
                    litellm_params: {model: mock/a, max_retries: 0}
                  - model_name: b
                    litellm_params: {model: mock/b}
                  - model_name: "w/*"
                    litellm_params: {model: "mock/*"}
                router_settings:
                  num_retries: 4
                  fallbacks: [{"a": ["b", "a", "w/x"]}, {"w/*": ["a"]}]
                  model_group_alias: {alias-a: a}
                litellm_settings:
                  num_retries: 9
                  context_window_fallbacks: [{"b": ["a"]}]
                """);
        ModelCatalog catalog = loaded.catalog();

        assertThat(catalog.numRetries()).hasValue(4);
        assertThat(catalog.lookup("a").orElseThrow().deployment().maxRetries()).hasValue(0);
        assertThat(catalog.fallbacks("a", Fallbacks.Trigger.FAILURE)).containsExactly("b", "w/x");
        assertThat(catalog.fallbacks("alias-a", Fallbacks.Trigger.FAILURE)).containsExactly("b", "w/x");
        assertThat(catalog.fallbacks("w/anything", Fallbacks.Trigger.FAILURE)).containsExactly("a");
        assertThat(catalog.fallbacks("b", Fallbacks.Trigger.FAILURE)).isEmpty();
        assertThat(catalog.fallbacks("b", Fallbacks.Trigger.CONTEXT_WINDOW)).containsExactly("a");
        assertThat(loaded.warnings()).contains(
                "ignoring catalog key litellm_settings.num_retries: router_settings.num_retries is used");
    }

    @Test
    void load_fallbackToUnknownModel_failsNamingKey() {
        assertThatThrownBy(() -> load("""
                model_list:
                  - model_name: a
                    litellm_params: {model: mock/a}
                router_settings:
                  fallbacks: [{"a": ["nope"]}]
                """)).hasMessage("config.yaml: router_settings.fallbacks[0].a[0] names model nope, which no model_name,"
                + " alias or wildcard of this catalog matches");
    }

    @Test
    void load_negativeRetries_failsNamingKey() {
        assertThatThrownBy(() -> load("model_list:\n  - model_name: a\n    litellm_params: {model: mock/a, max_retries: -1}\n"))
                .hasMessage("config.yaml: model_list[0].litellm_params.max_retries must be a whole number of zero or more");
    }

    @Test
    void load_hiddenNotBoolean_failsNamingKey() {
        assertThatThrownBy(() -> load("""
                model_list:
                  - model_name: a
                    litellm_params: {model: mock/a}
                    model_info: {hidden: "yes"}
                """)).hasMessage("config.yaml: model_list[0].model_info.hidden must be true or false");
    }

    @Test
    void load_aliasToUnknownModel_fails() {
        assertThatThrownBy(() -> load("""
                model_list:
                  - model_name: a
                    litellm_params: {model: mock/a}
                router_settings:
                  model_group_alias: {b: c}
                """)).hasMessageContaining("alias b points to unknown model_name c");
    }

    @Test
    void load_badApiBase_failsNamingKey() {
        assertThatThrownBy(() -> load("model_list:\n  - model_name: a\n    litellm_params: {model: openai/a, api_base: ftp://x}\n"))
                .hasMessage("config.yaml: model_list[0].litellm_params.api_base must be an http(s) URL, was ftp://x");
    }
}
