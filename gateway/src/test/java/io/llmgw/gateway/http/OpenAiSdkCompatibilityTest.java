package io.llmgw.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.testing.GatewayFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The official OpenAI Java SDK, pointed at the gateway (real authz-service behind it), just works. */
@ServerTest
class OpenAiSdkCompatibilityTest {

    private static final String ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct";
    private static final String TEXT = "Hello from mock model Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16.";
    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.withRealAuthz();

    private final WebServer server;

    OpenAiSdkCompatibilityTest(WebServer server) {
        this.server = server;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    private OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                .apiKey(key)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build();
    }

    @Test
    void sdk_listsExactlyTheGrantedAlias() {
        var models = sdk("sk-alias-only").models().list().data();

        assertThat(models).extracting(Model::id).containsExactly(ALIAS);
    }

    @Test
    void sdk_completesChatThroughAlias() {
        var completion = sdk("sk-alias-only").chat().completions().create(hello(ALIAS));

        assertThat(completion.model()).isEqualTo(ALIAS);
        assertThat(completion.choices().getFirst().message().content()).contains(TEXT);
    }

    @Test
    void sdk_streamsChatThroughAlias() {
        StringBuilder text = new StringBuilder();
        try (var stream = sdk("sk-alias-only").chat().completions().createStreaming(hello(ALIAS))) {
            stream.stream().forEach(chunk -> {
                assertThat(chunk.model()).isEqualTo(ALIAS);
                chunk.choices().stream().map(ChatCompletionChunk.Choice::delta)
                        .forEach(delta -> delta.content().ifPresent(text::append));
            });
        }

        assertThat(text).hasToString(TEXT);
    }

    @Test
    void sdk_deniedKey_permissionDeniedWithPolicyCode() {
        assertThatThrownBy(() -> sdk("sk-other").chat().completions().create(hello(ALIAS)))
                .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.code()).contains("key_model_access_denied");
                });
    }
}
