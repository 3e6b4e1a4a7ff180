package io.llmgw.gateway.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.llmgw.gateway.config.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The most specific entry wins; several deployments take turns. */
class ModelCatalogTest {

    private static ModelCatalog catalog(String yaml) {
        return CatalogLoader.load(YamlNode.parse(yaml, "config.yaml"), Map.<String, String>of()::get).catalog();
    }

    private static final ModelCatalog CATALOG = catalog("""
            model_list:
              - model_name: "*"
                litellm_params: {model: "mock/*"}
              - model_name: "openai/*"
                litellm_params: {model: "mock/generic-*"}
              - model_name: "openai/gpt-4o*"
                litellm_params: {model: "mock/gpt4o-family"}
              - model_name: openai/gpt-4o
                litellm_params: {model: mock/gpt-4o-exact}
            """);

    @Test
    void resolve_exactNameBeatsWildcards() {
        assertThat(CATALOG.resolve("openai/gpt-4o").orElseThrow().resolved()).isEqualTo("gpt-4o-exact");
    }

    @Test
    void resolve_longerWildcardBeatsShorter() {
        assertThat(CATALOG.resolve("openai/gpt-4o-mini").orElseThrow().resolved()).isEqualTo("gpt4o-family");
        assertThat(CATALOG.resolve("openai/o3").orElseThrow().resolved()).isEqualTo("generic-o3");
        assertThat(CATALOG.resolve("llama").orElseThrow().resolved()).isEqualTo("llama");
    }

    @Test
    void resolve_unknownWithoutCatchAll_empty() {
        var narrow = catalog("model_list:\n  - model_name: a\n    litellm_params: {model: mock/a}\n");

        assertThat(narrow.resolve("b")).isEmpty();
    }

    @Test
    void resolve_severalDeployments_roundRobinWhileLookupDoesNotAdvance() {
        var pooled = catalog("""
                model_list:
                  - {model_name: m, litellm_params: {model: mock/one}}
                  - {model_name: m, litellm_params: {model: mock/two}}
                  - {model_name: m, litellm_params: {model: mock/three}}
                """);
        List<String> turns = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            assertThat(pooled.lookup("m").orElseThrow().resolved()).isEqualTo(pooled.lookup("m").orElseThrow().resolved());
            turns.add(pooled.resolve("m").orElseThrow().resolved());
        }

        assertThat(turns).containsExactly("one", "two", "three", "one");
        assertThat(pooled.resolve("m").orElseThrow().deployment().id()).isEqualTo("m#2");
    }

    @Test
    void listable_exactNamesAndAliasesNotWildcards() {
        var withAlias = catalog("""
                model_list:
                  - {model_name: a, litellm_params: {model: mock/a}, model_info: {hidden: true}}
                  - {model_name: "x/*", litellm_params: {model: "mock/*"}}
                router_settings:
                  model_group_alias: {b: a, c: {model: a, hidden: true}}
                """);

        assertThat(withAlias.listable()).extracting(ModelResolution::requested, ModelResolution::hidden)
                .containsExactly(tuple("a", true),
                        tuple("b", false), tuple("c", true));
    }
}
