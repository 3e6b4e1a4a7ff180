package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.chat;
import static io.llmgw.gateway.testing.Http.closedPort;
import static io.llmgw.gateway.testing.Http.error;
import static io.llmgw.gateway.testing.Http.eventually;
import static io.llmgw.gateway.testing.Http.firstEventThenHangUp;
import static io.llmgw.gateway.testing.Http.json;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.config.UpstreamLimits;
import io.llmgw.gateway.testing.FakeUpstream;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.testing.LoggedLines;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Calls to an OpenAI-compatible upstream: names, credentials, errors, timeouts, streams. */
@ServerTest
class UpstreamRoutesTest {

    private static final FakeUpstream UPSTREAM = new FakeUpstream();
    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.builder().catalog("""
            model_list:
              - model_name: remote-alias
                litellm_params: {model: openai/remote-model-v2, api_base: "%1$s/ok/v1", api_key: os.environ/TEST_KEY}
              - model_name: "remote/*"
                litellm_params: {model: "hosted_vllm/*", api_base: "%1$s/ok/v1/"}
              - model_name: rate-limited
                litellm_params: {model: openai/x, api_base: "%1$s/429/v1"}
              - model_name: broken
                litellm_params: {model: openai/x, api_base: "%1$s/500/v1"}
              - model_name: slow
                litellm_params: {model: openai/x, api_base: "%1$s/slow/v1", timeout: 0.3}
              - model_name: gone
                litellm_params: {model: openai/x, api_base: "http://127.0.0.1:%2$d/v1"}
              - model_name: bad-credentials
                litellm_params: {model: openai/x, api_base: "%1$s/401/v1", api_key: os.environ/TEST_KEY}
              - model_name: no-such-upstream-model
                litellm_params: {model: openai/x-upstream-v7, api_base: "%1$s/404/v1"}
              - model_name: stalls
                litellm_params: {model: openai/x, api_base: "%1$s/stall/v1"}
              - model_name: huge-event
                litellm_params: {model: openai/x, api_base: "%1$s/huge-event/v1"}
              - model_name: huge-body
                litellm_params: {model: openai/x, api_base: "%1$s/huge-body/v1"}
            """.formatted("http://127.0.0.1:" + UPSTREAM.port(), closedPort()))
            .upstreamLimits(new UpstreamLimits(1024 * 1024, 64 * 1024, Duration.ofMillis(500)))
            .closeAfterAll(UPSTREAM::stop).build();

    private final Http1Client client;
    private final WebServer server;

    UpstreamRoutesTest(Http1Client client, WebServer server) {
        this.client = client;
        this.server = server;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    @Test
    void chat_upstreamGetsResolvedNameAndKey_clientGetsRequestedName() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("remote-alias"));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(json(response.entity()).path("model").asText()).isEqualTo("remote-alias");
        assertThat(UPSTREAM.lastModel()).isEqualTo("remote-model-v2");
        assertThat(UPSTREAM.lastAuthorization()).isEqualTo("Bearer sk-upstream");
    }

    @Test
    void chat_wildcardEntry_upstreamGetsMatchedPart() {
        post(client, "/v1/chat/completions", "sk-all", chat("remote/meta-llama/Llama-3-8B"));

        assertThat(UPSTREAM.lastModel()).isEqualTo("meta-llama/Llama-3-8B");
        assertThat(UPSTREAM.lastAuthorization()).isEmpty();
    }

    @Test
    void chat_upstreamRateLimit_passedThroughWithStatusAndRetryAfter() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("rate-limited"));

        assertThat(response.status().code()).isEqualTo(429);
        assertThat(response.headers().first(HeaderNames.RETRY_AFTER)).contains("7");
        assertThat(error(response).path("code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void chat_upstreamServerError_502GenericBodyKeptFromClient() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("broken"));

        assertThat(response.status().code()).isEqualTo(502);
        assertThat(error(response).path("code").asText()).isEqualTo("upstream_error");
        assertThat(response.entity()).doesNotContain("exploded");
    }

    @Test
    void chat_upstreamRefusesGatewayCredentials_502NotTheClientsKeyAndNoFragment() {
        ClientResponseTyped<String> response;
        List<String> logged;
        try (var lines = LoggedLines.of(UpstreamErrors.class)) {
            response = post(client, "/v1/chat/completions", "sk-all", chat("bad-credentials"));
            logged = lines.messages();
        }

        assertThat(logged).anySatisfy(line -> assertThat(line).startsWith("upstream_auth_failed request_id=")
                .contains("upstream_status=401").contains("Incorrect API key provided: [redacted]")
                .doesNotContain("sk-upst"));

        assertThat(response.status().code()).isEqualTo(502);
        assertThat(error(response).path("code").asText()).isEqualTo("upstream_auth_failed");
        assertThat(error(response).path("type").asText()).isEqualTo("api_error");
        assertThat(response.entity()).doesNotContain("sk-upst").doesNotContain("invalid_api_key")
                .doesNotContain("platform.openai.com");
    }

    @Test
    void chat_upstreamUnknownModel_404KeptWithRequestedNameNoHostsOrKeys() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("no-such-upstream-model"));

        assertThat(response.status().code()).isEqualTo(404);
        var error = error(response);
        assertThat(error.path("code").asText()).isEqualTo("model_not_found");
        assertThat(error.path("param").asText()).isEqualTo("model");
        assertThat(error.path("message").asText()).contains("no-such-upstream-model").doesNotContain("x-upstream-v7")
                .doesNotContain("10.2.3.4").doesNotContain("sk-live");
        assertThat(error.has("internal")).isFalse();
    }

    @Test
    void chat_upstreamBodyOverLimit_502TooLarge() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("huge-body"));

        assertThat(response.status().code()).isEqualTo(502);
        assertThat(error(response).path("code").asText()).isEqualTo("upstream_response_too_large");
    }

    @Test
    void chatStream_upstreamStallsMidStream_errorEventWithinIdleTimeoutAndUpstreamClosed() throws Exception {
        long before = UPSTREAM.abortedStreams();
        long started = System.nanoTime();

        var response = post(client, "/v1/chat/completions", "sk-all", streamOf("stalls"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(response.entity()).contains("\"code\":\"upstream_stalled\"");
        assertThat(eventually(() -> UPSTREAM.abortedStreams() > before)).isTrue();
    }

    @Test
    void chatStream_upstreamSends50MiBEvent_errorEventAndUpstreamClosed() throws Exception {
        long before = UPSTREAM.abortedStreams();

        var response = post(client, "/v1/chat/completions", "sk-all", streamOf("huge-event"));

        assertThat(response.entity().length()).isLessThan(10_000);
        assertThat(response.entity()).contains("\"code\":\"upstream_response_too_large\"");
        assertThat(eventually(() -> UPSTREAM.abortedStreams() > before)).isTrue();
    }

    private static String streamOf(String model) {
        return "{\"model\": \"" + model + "\", \"stream\": true, \"messages\": [{\"role\": \"user\"}]}";
    }

    @Test
    void chat_upstreamTooSlow_504() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("slow"));

        assertThat(response.status().code()).isEqualTo(504);
        assertThat(error(response).path("code").asText()).isEqualTo("upstream_timeout");
    }

    @Test
    void chat_upstreamUnreachable_502WithoutStackTrace() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("gone"));

        assertThat(response.status().code()).isEqualTo(502);
        assertThat(error(response).path("code").asText()).isEqualTo("upstream_unreachable");
        assertThat(response.entity()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void chatStream_upstreamEventsRelayedRenamedAndDone() {
        var response = post(client, "/v1/chat/completions", "sk-all",
                "{\"model\": \"remote-alias\", \"stream\": true, \"messages\": [{\"role\": \"user\"}]}");

        assertThat(response.entity()).contains("\"model\":\"remote-alias\"").doesNotContain("remote-model-v2")
                .endsWith("data: [DONE]\n\n");
    }

    @Test
    void chatStream_clientDisconnects_upstreamConnectionClosed() throws Exception {
        long before = UPSTREAM.abortedStreams();

        String first = firstEventThenHangUp(server.port(), "/v1/chat/completions", "sk-all",
                "{\"model\": \"remote-alias\", \"stream\": true, \"slow_stream\": true, \"messages\": [{\"role\": \"user\"}]}");

        assertThat(first).contains("remote-alias");
        assertThat(eventually(() -> UPSTREAM.abortedStreams() > before)).isTrue();
    }
}
