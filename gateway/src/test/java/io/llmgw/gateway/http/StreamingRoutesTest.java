package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.error;
import static io.llmgw.gateway.testing.Http.eventually;
import static io.llmgw.gateway.testing.Http.firstEventThenHangUp;
import static io.llmgw.gateway.testing.Http.json;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.testing.FakeAuthz;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.testing.TestGateway;
import io.llmgw.gateway.upstream.MockProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code "stream": true}: server-sent events chunk by chunk, {@code [DONE]} last, cancelled with the client. */
@ServerTest
class StreamingRoutesTest {

    private static final String ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct";
    private static final String LONG = "word ".repeat(100).strip();
    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.builder().catalog(TestGateway.CATALOG + """
              - model_name: long-story
                litellm_params: {model: mock/long-story, mock_response: "%s"}
            """.formatted(LONG))
            // Slow enough between chunks that a client can leave mid-stream.
            .mock(new MockProvider(Duration.ZERO, Duration.ofMillis(40))).build();
    private static final FakeAuthz AUTHZ = GATEWAY.authz();
    private static final MockProvider MOCK = GATEWAY.mock();

    private final Http1Client client;
    private final WebServer server;

    StreamingRoutesTest(Http1Client client, WebServer server) {
        this.client = client;
        this.server = server;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    @Test
    void chatStream_eventsCarryRequestedNameAndEndWithDone() {
        var response = post(client, "/v1/chat/completions", "sk-alias-only", """
                {"model": "%s", "stream": true, "messages": [{"role": "user", "content": "Hi"}]}""".formatted(ALIAS));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().contentType().orElseThrow().mediaType().text()).isEqualTo("text/event-stream");
        List<String> events = events(response.entity());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(0, events.size() - 1)) {
            var chunk = json(event);
            assertThat(chunk.path("model").asText()).isEqualTo(ALIAS);
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            text.append(chunk.path("choices").path(0).path("delta").path("content").asText());
        }
        assertThat(text).hasToString("Hello from mock model Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16.");
        assertThat(AUTHZ.asked().getFirst().operation().stream()).isTrue();
    }

    @Test
    void completionsStream_textChunksEndWithDone() {
        var response = post(client, "/v1/completions", "sk-all",
                "{\"model\": \"gpt-4o-mini\", \"prompt\": \"Say hi\", \"stream\": true}");

        List<String> events = events(response.entity());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        assertThat(json(events.getFirst()).path("object").asText()).isEqualTo("text_completion");
    }

    @Test
    void chatStream_denied_plainJsonErrorNotAStream() {
        var response = post(client, "/v1/chat/completions", "sk-other",
                "{\"model\": \"%s\", \"stream\": true, \"messages\": [{\"role\": \"user\"}]}".formatted(ALIAS));

        assertThat(response.status().code()).isEqualTo(403);
        assertThat(error(response).path("code").asText()).isEqualTo("key_model_access_denied");
    }

    @Test
    void chatStream_clientDisconnects_upstreamStreamCancelled() throws Exception {
        long before = MOCK.cancelledStreams();

        String first = firstEventThenHangUp(server.port(), "/v1/chat/completions", "sk-all",
                "{\"model\": \"long-story\", \"stream\": true, \"messages\": [{\"role\": \"user\"}]}");

        assertThat(first).contains("long-story");
        assertThat(eventually(() -> MOCK.cancelledStreams() > before)).isTrue();
    }

    private static List<String> events(String body) {
        List<String> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.startsWith("data: ")) {
                events.add(block.substring("data: ".length()));
            }
        }
        return events;
    }
}
