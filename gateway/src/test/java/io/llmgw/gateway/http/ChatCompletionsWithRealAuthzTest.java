package io.llmgw.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.authz.AuthzApplication;
import io.llmgw.authz.config.AuthzConfig;
import io.llmgw.authz.config.DecisionLogConfig;
import io.llmgw.authz.policy.Entrypoints;
import io.llmgw.gateway.authz.GrpcAuthzClient;
import io.llmgw.gateway.keys.KeyRecord;
import io.llmgw.gateway.keys.KeyRegistry;
import io.llmgw.gateway.models.ModelCatalog;
import io.llmgw.gateway.models.ModelResolution;
import io.llmgw.gateway.upstream.MockProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The production routes against the real authz-service (compiled policies) over loopback gRPC. */
@ServerTest
class ChatCompletionsWithRealAuthzTest {

    private static final String ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct";
    private static final String UPSTREAM = "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final AuthzApplication AUTHZ = startAuthz();
    private static final ManagedChannel CHANNEL =
            NettyChannelBuilder.forAddress("127.0.0.1", AUTHZ.port()).usePlaintext().build();
    private static final MockProvider UPSTREAM_MOCK = new MockProvider();

    private final Http1Client client;

    ChatCompletionsWithRealAuthzTest(Http1Client client) {
        this.client = client;
    }

    private static AuthzApplication startAuthz() {
        Path bundle = Path.of(System.getProperty("llmgw.policy.bundle"));
        var config = new AuthzConfig("127.0.0.1", 0, -1, 1024 * 1024, "wasm", bundle, Duration.ofSeconds(1),
                Entrypoints.DEFAULT, 1, 10, URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1),
                new DecisionLogConfig("none", Path.of("unused"), 1024 * 1024, 1, 100, List.of()));
        try {
            return AuthzApplication.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        var keys = new KeyRegistry(Map.of(
                KeyRegistry.sha256("sk-alias"), new KeyRecord("alias-key", "", List.of(ALIAS)),
                KeyRegistry.sha256("sk-other"), new KeyRecord("other-key", "", List.of("gpt-4o-mini"))));
        var models = new ModelCatalog(Map.of(ALIAS, new ModelResolution(ALIAS, UPSTREAM, "qwen-1", "mock", List.of(), List.of())));
        GatewayRoutes.register(routing, keys, models, new GrpcAuthzClient(CHANNEL, Duration.ofSeconds(2)), UPSTREAM_MOCK);
    }

    @AfterAll
    static void stopAuthz() {
        CHANNEL.shutdownNow();
        AUTHZ.close();
    }

    private ClientResponseTyped<String> chat(String key, String model) {
        var request = client.post("/v1/chat/completions").header(HeaderNames.CONTENT_TYPE, "application/json");
        if (key != null) {
            request.header(HeaderNames.AUTHORIZATION, "Bearer " + key);
        }
        return request.submit("{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}",
                String.class);
    }

    @Test
    void chat_aliasGrantedKey_completesWithRequestedName() throws Exception {
        long before = UPSTREAM_MOCK.calls();
        var response = chat("sk-alias", ALIAS);

        assertThat(response.status().code()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.entity());
        assertThat(body.path("model").asText()).isEqualTo(ALIAS);
        assertThat(body.path("choices").path(0).path("message").path("content").asText()).contains(UPSTREAM);
        assertThat(UPSTREAM_MOCK.calls()).isEqualTo(before + 1);
    }

    @Test
    void chat_keyGrantedOtherModel_403NamingAliasAndNothingForwarded() throws Exception {
        long before = UPSTREAM_MOCK.calls();
        var response = chat("sk-other", ALIAS);

        assertThat(response.status().code()).isEqualTo(403);
        JsonNode error = JSON.readTree(response.entity()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("key_model_access_denied");
        assertThat(error.path("message").asText()).contains("Tried to access " + ALIAS).doesNotContain(UPSTREAM);
        assertThat(UPSTREAM_MOCK.calls()).isEqualTo(before);
    }

    @Test
    void chat_noKey_401InvalidApiKey() throws Exception {
        var response = chat(null, ALIAS);

        assertThat(response.status().code()).isEqualTo(401);
        assertThat(JSON.readTree(response.entity()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void chat_unknownModel_404ModelNotFound() throws Exception {
        var response = chat("sk-alias", "no-such-model");

        assertThat(response.status().code()).isEqualTo(404);
        assertThat(JSON.readTree(response.entity()).path("error").path("code").asText()).isEqualTo("model_not_found");
    }
}
