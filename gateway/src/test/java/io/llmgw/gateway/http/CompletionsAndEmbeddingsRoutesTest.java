package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.json;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.testing.FakeAuthz;
import io.llmgw.gateway.testing.GatewayFixture;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /v1/completions} and {@code /v1/embeddings} go through the same check as chat. */
@ServerTest
class CompletionsAndEmbeddingsRoutesTest {

    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.standard();
    private static final FakeAuthz AUTHZ = GATEWAY.authz();

    private final Http1Client client;

    CompletionsAndEmbeddingsRoutesTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    @Test
    void completions_allowed_textCompletionWithRequestedName() {
        var response = post(client, "/v1/completions", "sk-all", "{\"model\": \"gpt-4o-mini\", \"prompt\": \"Say hi\"}");

        assertThat(response.status().code()).isEqualTo(200);
        var body = json(response.entity());
        assertThat(body.path("object").asText()).isEqualTo("text_completion");
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("choices").path(0).path("text").asText()).contains("gpt-4o-mini-2024-07-18");
        assertThat(AUTHZ.asked().getFirst().operation().endpoint()).isEqualTo("completions");
    }

    @Test
    void completions_denied_403() {
        var response = post(client, "/v1/completions", "sk-other", "{\"model\": \"team-model\", \"prompt\": \"x\"}");

        assertThat(response.status().code()).isEqualTo(403);
    }

    @Test
    void embeddings_allowed_oneDeterministicVectorPerInput() {
        String request = "{\"model\": \"gpt-4o-mini\", \"input\": [\"a\", \"b\"], \"dimensions\": 4}";

        var first = json(post(client, "/v1/embeddings", "sk-all", request).entity());
        var second = json(post(client, "/v1/embeddings", "sk-all", request).entity());

        assertThat(first.path("data")).hasSize(2);
        assertThat(first.path("data").path(0).path("embedding")).hasSize(4);
        assertThat(first.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(first.path("data")).isEqualTo(second.path("data"));
        assertThat(first.path("data").path(0)).isNotEqualTo(first.path("data").path(1));
        assertThat(AUTHZ.asked().getFirst().operation().endpoint()).isEqualTo("embeddings");
    }

    @Test
    void embeddings_base64Format_littleEndianFloats() {
        var body = json(post(client, "/v1/embeddings", "sk-all",
                "{\"model\": \"gpt-4o-mini\", \"input\": \"a\", \"encoding_format\": \"base64\", \"dimensions\": 3}")
                .entity());

        byte[] bytes = Base64.getDecoder().decode(body.path("data").path(0).path("embedding").asText());
        var floats = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        assertThat(floats.remaining()).isEqualTo(3);
        double norm = 0;
        while (floats.hasRemaining()) {
            float v = floats.get();
            norm += v * v;
        }
        assertThat(norm).isCloseTo(1.0, offset(1e-5));
    }

    @Test
    void wildcardModel_resolvesToMatchedUpstreamName() {
        var body = json(post(client, "/v1/chat/completions", "sk-all",
                "{\"model\": \"mock/any-model-7b\", \"messages\": [{\"role\": \"user\"}]}").entity());

        assertThat(body.path("model").asText()).isEqualTo("mock/any-model-7b");
        assertThat(AUTHZ.asked().getFirst().models().getFirst().resolved()).isEqualTo("any-model-7b");
    }
}
