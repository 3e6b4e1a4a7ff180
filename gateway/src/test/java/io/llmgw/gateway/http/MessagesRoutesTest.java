package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.json;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.ClientResponseTyped;
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
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Anthropic's Messages API: {@code POST /v1/messages} (plain and streamed),
 * {@code /v1/messages/count_tokens}, its key headers, its error shape, and Anthropic's shape of
 * {@code /v1/models} for clients that send {@code anthropic-version}.
 */
@ServerTest
class MessagesRoutesTest {

    private static final String ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct";
    private static final String UPSTREAM = "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16";
    private static final String VERSION = "2023-06-01";
    private static final TypedUpstream TYPED = new TypedUpstream();
    @RegisterExtension
    static final GatewayFixture GATEWAY = TYPED.gateway();
    private static final FakeAuthz AUTHZ = GATEWAY.authz();
    private static final MockProvider MOCK = GATEWAY.mock();

    private final Http1Client client;

    MessagesRoutesTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    private static String message(String model, boolean stream) {
        return "{\"model\": \"" + model + "\", \"max_tokens\": 64, \"messages\": [{\"role\": \"user\", \"content\":"
                + " \"Hello there\"}]" + (stream ? ", \"stream\": true" : "") + "}";
    }

    /** A request as Anthropic's SDKs send it: {@code x-api-key} and {@code anthropic-version}. */
    private ClientResponseTyped<String> anthropic(String path, Map<String, String> headers, String body) {
        var request = client.post(path).header(HeaderNames.CONTENT_TYPE, "application/json");
        headers.forEach((name, value) -> request.header(HeaderNames.create(name), value));
        return request.submit(body, String.class);
    }

    private ClientResponseTyped<String> withKey(String key, String body) {
        return anthropic("/v1/messages", Map.of("x-api-key", key, "anthropic-version", VERSION), body);
    }

    /** The {@code error} of an Anthropic error body, after checking the envelope. */
    private static JsonNode anthropicError(ClientResponseTyped<String> response) {
        JsonNode body = json(response.entity());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("request_id").asText()).isNotBlank();
        assertThat(body.path("error").size()).isEqualTo(2);
        return body.path("error");
    }

    @Test
    void create_xApiKey_answersTheMessageNamingTheAlias_mockCalledWithResolvedName() {
        var response = withKey("sk-alias-only", message(ALIAS, false));

        assertThat(response.status().code()).isEqualTo(200);
        var body = json(response.entity());
        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.path("model").asText()).isEqualTo(ALIAS);
        assertThat(body.path("content").path(0).path("text").asText()).isEqualTo("Hello from mock model " + UPSTREAM + ".");
        assertThat(body.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(MOCK.lastCall().endpoint()).isEqualTo(Endpoint.MESSAGES);
        assertThat(MOCK.lastCall().model()).isEqualTo(UPSTREAM);
        assertThat(AUTHZ.asked().getFirst().operation().endpoint()).isEqualTo("messages.create");
    }

    @Test
    void create_bearerKey_acceptedToo() {
        var response = post(client, "/v1/messages", "sk-alias-only", message(ALIAS, false));

        assertThat(response.status().code()).isEqualTo(200);
    }

    @Test
    void create_azureStyleKeyHeader_401InAnthropicShape_nothingAsked() {
        var response = anthropic("/v1/messages", Map.of("api-key", "sk-alias-only", "anthropic-version", VERSION),
                message(ALIAS, false));

        assertThat(response.status().code()).isEqualTo(401);
        var error = anthropicError(response);
        assertThat(error.path("type").asText()).isEqualTo("authentication_error");
        assertThat(error.path("message").asText()).contains("x-api-key");
        assertThat(AUTHZ.asked()).isEmpty();
    }

    @Test
    void chat_anthropicKeyHeader_401InOpenAiShape() {
        var response = anthropic("/v1/chat/completions", Map.of("x-api-key", "sk-alias-only"),
                io.llmgw.gateway.testing.Http.chat(ALIAS));

        assertThat(response.status().code()).isEqualTo(401);
        assertThat(json(response.entity()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void create_twoDifferentKeys_401_neitherUsed() {
        var response = anthropic("/v1/messages", Map.of("x-api-key", "sk-alias-only", "authorization",
                "Bearer sk-all"), message(ALIAS, false));

        assertThat(response.status().code()).isEqualTo(401);
        assertThat(anthropicError(response).path("message").asText()).contains("two different API keys");
        assertThat(AUTHZ.asked()).isEmpty();
    }

    @Test
    void create_denied_403InAnthropicShapeNamingTheAlias_nothingCalled() {
        long before = MOCK.calls();

        var response = withKey("sk-other", message(ALIAS, true));

        assertThat(response.status().code()).isEqualTo(403);
        var error = anthropicError(response);
        assertThat(error.path("type").asText()).isEqualTo("permission_error");
        assertThat(error.path("message").asText()).isEqualTo("not granted: " + ALIAS);
        assertThat(MOCK.calls()).isEqualTo(before);
    }

    @Test
    void create_badRequests_400InAnthropicShapeNamingTheField() {
        Map<String, String> bodies = Map.of(
                "{\"model\": \"" + ALIAS + "\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "max_tokens",
                "{\"model\": \"" + ALIAS + "\", \"max_tokens\": 5, \"messages\": []}", "messages",
                "{\"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "model",
                "{\"model\": \"" + ALIAS + "\", \"max_tokens\": 5, \"messages\": [{\"role\": \"user\"}],"
                        + " \"system\": 5}", "system",
                "{\"model\": ", "JSON");
        bodies.forEach((body, named) -> {
            var response = withKey("sk-alias-only", body);

            assertThat(response.status().code()).as(body).isEqualTo(400);
            var error = anthropicError(response);
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("message").asText()).as(body).contains(named);
        });
        assertThat(AUTHZ.asked()).isEmpty();
    }

    @Test
    void create_stream_anthropicEventsInOrder_modelRenamed_deltasMakeTheText() {
        var response = withKey("sk-alias-only", message(ALIAS, true));

        assertThat(response.status().code()).isEqualTo(200);
        List<SseFrames.Frame> events = SseFrames.parse(response.entity());
        assertThat(events).allSatisfy(e -> assertThat(e.name()).isEqualTo(e.json().path("type").asText()));
        assertThat(events).extracting(SseFrames.Frame::name).startsWith("message_start", "content_block_start", "ping")
                .endsWith("content_block_stop", "message_delta", "message_stop");
        assertThat(events.getFirst().json().path("message").path("model").asText()).isEqualTo(ALIAS);
        String text = events.stream().filter(e -> e.name().equals("content_block_delta"))
                .map(e -> e.json().path("delta").path("text").asText()).collect(Collectors.joining());
        assertThat(text).isEqualTo("Hello from mock model " + UPSTREAM + ".");
        assertThat(AUTHZ.asked().getFirst().operation().stream()).isTrue();
    }

    @Test
    void countTokens_answersTheCount_checkedAsItsOwnOperation() {
        var response = anthropic("/v1/messages/count_tokens", Map.of("x-api-key", "sk-alias-only"),
                "{\"model\": \"" + ALIAS + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello there\"}]}");

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(json(response.entity()).path("input_tokens").asInt()).isEqualTo(2);
        assertThat(AUTHZ.asked().getFirst().operation().endpoint()).isEqualTo("messages.count_tokens");
        assertThat(MOCK.lastCall().endpoint()).isEqualTo(Endpoint.MESSAGES_COUNT_TOKENS);
    }

    @Test
    void countTokens_stream_400() {
        var response = anthropic("/v1/messages/count_tokens", Map.of("x-api-key", "sk-alias-only"),
                "{\"model\": \"" + ALIAS + "\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}");

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(anthropicError(response).path("message").asText()).contains("Streaming");
    }

    @Test
    void create_overHttp_anthropicHeadersPassed_gatewayKeyAsXApiKey_clientKeyNever() {
        var response = anthropic("/v1/messages", Map.of("x-api-key", "sk-all", "anthropic-version", VERSION,
                "anthropic-beta", "tools-2024-04-04", "x-model", "other"), message("claude-ok", false));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(json(response.entity()).path("model").asText()).isEqualTo("claude-ok");
        assertThat(TYPED.lastModel()).isEqualTo("claude-up-v1");
        assertThat(TYPED.lastHeader("anthropic-version")).isEqualTo(VERSION);
        assertThat(TYPED.lastHeader("anthropic-beta")).isEqualTo("tools-2024-04-04");
        assertThat(TYPED.lastHeader("x-api-key")).isEqualTo("sk-upstream");
        assertThat(TYPED.lastHeader("authorization")).isEmpty();
        assertThat(TYPED.lastHeader("x-model")).isEmpty();
    }

    @Test
    void create_streamOverHttp_passedOnRenamed_truncatedOrMalformedEndsWithAnAnthropicError() {
        var ok = SseFrames.parse(withKey("sk-all", message("claude-ok", true)).entity());
        var truncated = SseFrames.parse(withKey("sk-all", message("claude-truncated", true)).entity());
        var garbage = SseFrames.parse(withKey("sk-all", message("claude-garbage", true)).entity());

        assertThat(ok).extracting(SseFrames.Frame::name).containsExactly("message_start", "content_block_delta",
                "message_stop");
        assertThat(ok.getFirst().json().path("message").path("model").asText()).isEqualTo("claude-ok");
        assertThat(truncated.getLast().name()).isEqualTo("error");
        assertThat(truncated.getLast().json().path("error").path("type").asText()).isEqualTo("api_error");
        assertThat(truncated.getLast().json().path("error").path("message").asText()).contains("ended before");
        assertThat(garbage).hasSize(2);
        assertThat(garbage.getLast().json().path("error").path("message").asText()).contains("malformed");
    }

    @Test
    void create_upstreamRefuses_400InAnthropicShape_messageNamesTheAlias() {
        var response = withKey("sk-all", message("claude-refused", false));

        assertThat(response.status().code()).isEqualTo(400);
        var error = anthropicError(response);
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).isEqualTo("max_tokens: 999999 > 8192, the maximum for claude-refused");
    }

    @Test
    void models_withAnthropicVersion_anthropicShape_xApiKeyAccepted() {
        var response = client.get("/v1/models").header(HeaderNames.create("x-api-key"), "sk-alias-only")
                .header(HeaderNames.create("anthropic-version"), VERSION).request(String.class);

        assertThat(response.status().code()).isEqualTo(200);
        var body = json(response.entity());
        assertThat(body.path("data").path(0).path("type").asText()).isEqualTo("model");
        assertThat(body.path("data").path(0).path("id").asText()).isEqualTo(ALIAS);
        assertThat(body.path("data").size()).isEqualTo(1);
        assertThat(body.path("has_more").asBoolean(true)).isFalse();
        assertThat(body.path("first_id").asText()).isEqualTo(ALIAS);
        assertThat(body.has("object")).isFalse();
    }

    @Test
    void models_withoutAnthropicVersion_openAiShape_xApiKeyNotLookedAt() {
        var listed = io.llmgw.gateway.testing.Http.get(client, "/v1/models", "sk-alias-only");
        var xApiKey = client.get("/v1/models").header(HeaderNames.create("x-api-key"), "sk-alias-only")
                .request(String.class);

        assertThat(json(listed.entity()).path("object").asText()).isEqualTo("list");
        assertThat(xApiKey.status().code()).isEqualTo(401);
        assertThat(json(xApiKey.entity()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void modelRetrieve_withAnthropicVersion_anthropicShape_denyInAnthropicShape() {
        var mine = client.get("/v1/models/" + ALIAS).header(HeaderNames.create("x-api-key"), "sk-alias-only")
                .header(HeaderNames.create("anthropic-version"), VERSION).request(String.class);
        var notMine = client.get("/v1/models/" + ALIAS).header(HeaderNames.create("x-api-key"), "sk-other")
                .header(HeaderNames.create("anthropic-version"), VERSION).request(String.class);

        assertThat(json(mine.entity()).path("type").asText()).isEqualTo("model");
        assertThat(json(mine.entity()).path("id").asText()).isEqualTo(ALIAS);
        assertThat(notMine.status().code()).isEqualTo(403);
        assertThat(anthropicError(notMine).path("type").asText()).isEqualTo("permission_error");
    }

    @Test
    void unknownAnthropicPath_404InAnthropicShape() {
        var response = anthropic("/v1/messages/batches", Map.of("x-api-key", "sk-alias-only", "anthropic-version",
                VERSION), message(ALIAS, false));

        assertThat(response.status().code()).isEqualTo(404);
        assertThat(anthropicError(response).path("type").asText()).isEqualTo("not_found_error");
    }
}
