package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.error;
import static io.llmgw.gateway.testing.Http.get;
import static io.llmgw.gateway.testing.Http.json;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.testing.FakeAuthz;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.testing.SseFrames;
import io.llmgw.gateway.testing.TypedUpstream;
import io.llmgw.gateway.upstream.Endpoint;
import io.llmgw.gateway.upstream.MockProvider;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /v1/responses}, plain and streamed, on the mock and on an upstream over HTTP. */
@ServerTest
class ResponsesRoutesTest {

    private static final String ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct";
    private static final String UPSTREAM = "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16";
    private static final TypedUpstream TYPED = new TypedUpstream();
    @RegisterExtension
    static final GatewayFixture GATEWAY = TYPED.gateway();
    private static final FakeAuthz AUTHZ = GATEWAY.authz();
    private static final MockProvider MOCK = GATEWAY.mock();

    private final Http1Client client;

    ResponsesRoutesTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    private static String request(String model, boolean stream) {
        return "{\"model\": \"" + model + "\", \"input\": \"Hello\"" + (stream ? ", \"stream\": true" : "") + "}";
    }

    @Test
    void create_allowed_answersTheResponseNamingTheAlias_mockCalledWithResolvedName() {
        var response = post(client, "/v1/responses", "sk-alias-only", request(ALIAS, false));

        assertThat(response.status().code()).isEqualTo(200);
        var body = json(response.entity());
        assertThat(body.path("object").asText()).isEqualTo("response");
        assertThat(body.path("status").asText()).isEqualTo("completed");
        assertThat(body.path("model").asText()).isEqualTo(ALIAS);
        assertThat(body.path("output").path(0).path("content").path(0).path("text").asText())
                .isEqualTo("Hello from mock model " + UPSTREAM + ".");
        assertThat(MOCK.lastCall().endpoint()).isEqualTo(Endpoint.RESPONSES);
        assertThat(MOCK.lastCall().model()).isEqualTo(UPSTREAM);
    }

    @Test
    void create_checkNamesTheOperationResponsesCreate() {
        post(client, "/responses", "sk-alias-only", request(ALIAS, true));

        var operation = AUTHZ.asked().getFirst().operation();
        assertThat(operation.endpoint()).isEqualTo("responses.create");
        assertThat(operation.path()).isEqualTo("/responses");
        assertThat(operation.stream()).isTrue();
    }

    @Test
    void create_stream_typedEventsInOrder_modelRenamed_deltasMakeTheText() {
        var response = post(client, "/v1/responses", "sk-alias-only", request(ALIAS, true));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().first(HeaderNames.CONTENT_TYPE).orElseThrow()).startsWith("text/event-stream");
        List<SseFrames.Frame> events = SseFrames.parse(response.entity());
        assertThat(events).allSatisfy(e -> assertThat(e.name()).isEqualTo(e.json().path("type").asText()));
        assertThat(events.getFirst().name()).isEqualTo("response.created");
        assertThat(events.getFirst().json().path("response").path("model").asText()).isEqualTo(ALIAS);
        assertThat(events.getLast().name()).isEqualTo("response.completed");
        assertThat(events.getLast().json().path("response").path("model").asText()).isEqualTo(ALIAS);
        assertThat(events).extracting(e -> e.json().path("sequence_number").asInt())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, events.size()).boxed().toList());
        String text = events.stream().filter(e -> e.name().equals("response.output_text.delta"))
                .map(e -> e.json().path("delta").asText()).collect(Collectors.joining());
        assertThat(text).isEqualTo("Hello from mock model " + UPSTREAM + ".");
        assertThat(response.entity()).doesNotContain(UPSTREAM + "\"").doesNotContain("[DONE]");
    }

    @Test
    void create_denied_403InOpenAiShape_nothingCalled() {
        long before = MOCK.calls();

        var response = post(client, "/v1/responses", "sk-other", request(ALIAS, true));

        assertThat(response.status().code()).isEqualTo(403);
        assertThat(error(response).path("code").asText()).isEqualTo("key_model_access_denied");
        assertThat(error(response).path("message").asText()).isEqualTo("not granted: " + ALIAS);
        assertThat(MOCK.calls()).isEqualTo(before);
    }

    @Test
    void create_previousResponseId_refusedNamingTheField_nothingAskedOrCalled() {
        long before = MOCK.calls();

        var response = post(client, "/v1/responses", "sk-alias-only",
                "{\"model\": \"" + ALIAS + "\", \"input\": \"go on\", \"previous_response_id\": \"resp_someone_elses\"}");

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(error(response).path("param").asText()).isEqualTo("previous_response_id");
        assertThat(AUTHZ.asked()).isEmpty();
        assertThat(MOCK.calls()).isEqualTo(before);
    }

    @Test
    void create_inputOfWrongType_400() {
        var response = post(client, "/v1/responses", "sk-alias-only", "{\"model\": \"" + ALIAS + "\", \"input\": 7}");

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(error(response).path("param").asText()).isEqualTo("input");
    }

    @Test
    void storedResponse_getOrDelete_501AfterTheKey_neverForwarded() {
        long before = MOCK.calls();

        var got = get(client, "/v1/responses/resp_mock-1", "sk-alias-only");
        var deleted = client.method(Method.DELETE).path("/v1/responses/resp_mock-1")
                .header(HeaderNames.AUTHORIZATION, "Bearer sk-alias-only").request(String.class);
        var anonymous = get(client, "/v1/responses/resp_mock-1", null);

        assertThat(got.status().code()).isEqualTo(501);
        assertThat(error(got).path("code").asText()).isEqualTo("not_supported");
        assertThat(deleted.status().code()).isEqualTo(501);
        assertThat(anonymous.status().code()).isEqualTo(401);
        assertThat(MOCK.calls()).isEqualTo(before);
    }

    @Test
    void create_overHttp_forwardsToResponsesWithResolvedNameAndGatewayKey() {
        var response = post(client, "/v1/responses", "sk-all", request("up-ok", false));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(json(response.entity()).path("model").asText()).isEqualTo("up-ok");
        assertThat(TYPED.lastModel()).isEqualTo("up-model-v2");
        assertThat(TYPED.lastHeader("authorization")).isEqualTo("Bearer sk-upstream");
    }

    @Test
    void create_streamOverHttp_passedOnRenamed() {
        var events = SseFrames.parse(post(client, "/v1/responses", "sk-all", request("up-ok", true)).entity());

        assertThat(events).extracting(SseFrames.Frame::name)
                .containsExactly("response.created", "response.output_text.delta", "response.completed");
        assertThat(events.getFirst().json().path("response").path("model").asText()).isEqualTo("up-ok");
    }

    @Test
    void create_upstreamStreamEndsBeforeCompleted_lastEventIsAnError() {
        var events = SseFrames.parse(post(client, "/v1/responses", "sk-all", request("up-truncated", true)).entity());

        assertThat(events.getLast().name()).isEqualTo("error");
        assertThat(events.getLast().json().path("code").asText()).isEqualTo("upstream_stream_truncated");
        assertThat(events.getLast().json().path("sequence_number").asInt()).isEqualTo(2);
    }

    @Test
    void create_upstreamSendsNonJsonOrUntypedEvent_streamEndsWithAnError() {
        for (String model : List.of("up-garbage", "up-untyped")) {
            var events = SseFrames.parse(post(client, "/v1/responses", "sk-all", request(model, true)).entity());

            assertThat(events).as(model).hasSize(2);
            assertThat(events.getLast().name()).isEqualTo("error");
            assertThat(events.getLast().json().path("code").asText()).isEqualTo("upstream_stream_malformed");
            assertThat(events.toString()).doesNotContain("not json").doesNotContain("hello");
        }
    }

    @Test
    void create_upstreamRefuses_statusKept_messageNamesTheAlias() {
        var response = post(client, "/v1/responses", "sk-all", request("up-refused", false));

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(error(response).path("message").asText()).isEqualTo("max_output_tokens too large for up-refused");
        assertThat(error(response).path("param").asText()).isEqualTo("max_output_tokens");
    }
}
