package io.llmgw.gateway.testing;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.llmgw.gateway.authz.AuthzClient;
import io.llmgw.gateway.config.AdmissionConfig;
import io.llmgw.gateway.config.HttpConfig;
import io.llmgw.gateway.config.PolicyConfig;
import io.llmgw.gateway.config.UpstreamLimits;
import io.llmgw.gateway.config.YamlNode;
import io.llmgw.gateway.http.Gateway;
import io.llmgw.gateway.http.GatewayMetrics;
import io.llmgw.gateway.keys.KeyFileLoader;
import io.llmgw.gateway.keys.KeyRegistry;
import io.llmgw.gateway.models.CatalogLoader;
import io.llmgw.gateway.upstream.MockProvider;
import io.llmgw.gateway.upstream.OpenAiCompatibleProvider;
import io.llmgw.gateway.upstream.Providers;
import io.llmgw.gateway.upstream.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Builds the gateway the routes run on from YAML text, as production builds it from files. */
public final class TestGateway {

    /** The instant test key files are read at; expiries are written relative to it. */
    public static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");

    /** Keys of {@link #KEYS}: {@code sk-<id>}. */
    public static final String KEYS = """
            teams:
              - id: ml
                models: [team-model]
              - id: frozen
                models: ["*"]
                blocked: true
            keys:
              - id: alias-only
                sha256: %s
                user: alice
                models: ["Qwen/Qwen3-Coder-480B-A35B-Instruct"]
                metadata: {env: test}
              - id: all
                sha256: %s
                team: ml
                models: ["*"]
              - id: other
                sha256: %s
                models: [gpt-4o-mini]
              - id: expired
                sha256: %s
                models: ["*"]
                expires: 2026-11-15T11:59:59Z
              - id: blocked
                sha256: %s
                models: ["*"]
                blocked: true
              - id: frozen-team
                sha256: %s
                team: frozen
                models: ["*"]
              - id: preview
                sha256: %s
                models: [secret-preview]
            """.formatted(KeyRegistry.sha256("sk-alias-only"), KeyRegistry.sha256("sk-all"),
            KeyRegistry.sha256("sk-other"), KeyRegistry.sha256("sk-expired"), KeyRegistry.sha256("sk-blocked"),
            KeyRegistry.sha256("sk-frozen-team"), KeyRegistry.sha256("sk-preview"));

    /** The catalog of most route tests: an alias on the mock, a hidden name, a wildcard. */
    public static final String CATALOG = """
            model_list:
              - model_name: Qwen/Qwen3-Coder-480B-A35B-Instruct
                litellm_params:
                  model: mock/Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16
                model_info:
                  access_groups: [coding]
                  tags: [demo]
              - model_name: gpt-4o-mini
                litellm_params: {model: mock/gpt-4o-mini-2024-07-18}
              - model_name: team-model
                litellm_params: {model: mock/team-model-v1}
              - model_name: secret-preview
                litellm_params: {model: mock/secret-preview-v0}
                model_info: {hidden: true}
              - model_name: pooled
                litellm_params: {model: mock/pool-a, mock_response: "from pool-a"}
                model_info: {id: pool-a}
              - model_name: pooled
                litellm_params: {model: mock/pool-b, mock_response: "from pool-b"}
                model_info: {id: pool-b}
              - model_name: "mock/*"
                litellm_params: {model: "mock/*"}
            """;

    private TestGateway() {}

    /**
     * A gateway over {@code catalog}, the test keys, {@code authz} and {@code mock}; route tests
     * get one from {@link GatewayFixture}, which has the defaults.
     */
    public static Gateway create(String catalog, AuthzClient authz, MockProvider mock, HttpConfig http,
            UpstreamLimits limits, AdmissionConfig admission, PolicyConfig policy) {
        var models = CatalogLoader.load(YamlNode.parse(catalog, "catalog.yaml"), Map.of("TEST_KEY", "sk-upstream")::get)
                .catalog();
        var keys = KeyFileLoader.load(YamlNode.parse(KEYS, "keys.yaml"), Clock.fixed(NOW, ZoneOffset.UTC));
        // The default retries, without their waits: tests prove which calls are made, not the pauses.
        var providers = new Providers(mock, new OpenAiCompatibleProvider(Duration.ofSeconds(2), limits), Duration.ofSeconds(5),
                new RetryPolicy(RetryPolicy.DEFAULT.retries(), Duration.ZERO));
        return new Gateway(keys, models, authz, providers, http, admission,
                new GatewayMetrics(Services.get(MeterRegistry.class)), policy, Gateway.enforcer(policy));
    }
}
