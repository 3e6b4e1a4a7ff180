package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.chat;
import static io.llmgw.gateway.testing.Http.error;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.llmgw.gateway.config.AdmissionConfig;
import io.llmgw.gateway.config.HttpConfig;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.testing.HeldUpstream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Admission control against an upstream that holds its calls: two places in flight, no
 * queue, 100 KiB of body memory. Past a bound the next request is refused at once with 429,
 * and served again once the held calls are released.
 */
@ServerTest
class AdmissionRoutesTest {

    private static final HeldUpstream UPSTREAM = new HeldUpstream();
    private static final int MAX_BODY = 64 * 1024;
    /** Concurrent callers (the common pool may have one thread on a small machine). */
    private static final ExecutorService CALLERS = Executors.newVirtualThreadPerTaskExecutor();
    /**
     * Two places, no queue, 100 KiB of bodies. A held call waits for the test to release it,
     * not for the tests' default upstream timeout of 5 s, which a loaded machine can reach.
     */
    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.builder().catalog("""
            model_list:
              - model_name: held
                litellm_params: {model: openai/held-model, api_base: "%s", timeout: 30}
            """.formatted(UPSTREAM.base())).http(new HttpConfig(MAX_BODY))
            .admission(new AdmissionConfig(2, 0, Duration.ZERO, 100 * 1024))
            .closeAfterAll(CALLERS::shutdownNow).closeAfterAll(UPSTREAM::stop).build();

    private final Http1Client client;

    AdmissionRoutesTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        GATEWAY.observe(server);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    @Test
    void chat_allPlacesHeld_429WithRetryAfter_servedAfterRelease() throws Exception {
        var first = async(chat("held"));
        var second = async(chat("held"));
        assertThat(UPSTREAM.awaitArrivals(2)).isTrue();

        var refused = post(client, "/v1/chat/completions", "sk-all", chat("held"));

        assertThat(refused.status().code()).isEqualTo(429);
        assertThat(refused.headers().first(HeaderNames.RETRY_AFTER)).hasValue("1");
        assertThat(error(refused).path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error(refused).path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error(refused).path("message").asText()).contains("2 requests in flight");
        assertThat(client.get("/observe/health/live").request(String.class).status().code()).isIn(200, 204);
        assertThat(client.get("/observe/metrics").request(String.class).entity())
                .containsPattern("gateway_refusals_total\\{.*reason=\"in_flight\".*\\} [1-9]")
                .contains("gateway_requests_in_flight");
        UPSTREAM.release();
        assertThat(first.get(10, TimeUnit.SECONDS).status().code()).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS).status().code()).isEqualTo(200);
        assertThat(servedWhenReleased(chat("held")).status().code()).isEqualTo(200);
    }

    @Test
    void chatStream_holdsItsPlaceUntilTheStreamEnds() throws Exception {
        String stream = "{\"model\": \"held\", \"stream\": true, \"messages\": [{\"role\": \"user\"}]}";
        var first = async(stream);
        var second = async(stream);
        assertThat(UPSTREAM.awaitArrivals(2)).isTrue();
        UPSTREAM.release(); // both streams have begun and wait before their last event

        var refused = post(client, "/v1/chat/completions", "sk-all", chat("held"));

        assertThat(refused.status().code()).isEqualTo(429);
        UPSTREAM.release();
        assertThat(first.get(10, TimeUnit.SECONDS).entity()).endsWith("data: [DONE]\n\n");
        assertThat(second.get(10, TimeUnit.SECONDS).entity()).endsWith("data: [DONE]\n\n");
        assertThat(servedWhenReleased(chat("held")).status().code()).isEqualTo(200);
    }

    @Test
    void chat_bodiesPastTheMemoryBound_429BeforeTheBodyIsRead() throws Exception {
        String large = "{\"model\": \"held\", \"messages\": [{\"role\": \"user\", \"content\": \"" + "x".repeat(60 * 1024)
                + "\"}]}";
        var first = async(large);
        assertThat(UPSTREAM.awaitArrivals(1)).isTrue();

        var refused = post(client, "/v1/chat/completions", "sk-all", large);

        assertThat(refused.status().code()).isEqualTo(429);
        assertThat(refused.headers().first(HeaderNames.RETRY_AFTER)).hasValue("1");
        assertThat(error(refused).path("message").asText()).contains("request bodies in memory");
        UPSTREAM.release();
        assertThat(first.get(10, TimeUnit.SECONDS).status().code()).isEqualTo(200);
        assertThat(servedWhenReleased(large).status().code()).isEqualTo(200);
    }

    private CompletableFuture<ClientResponseTyped<String>> async(String body) {
        return CompletableFuture.supplyAsync(() -> post(client, "/v1/chat/completions", "sk-all", body), CALLERS);
    }

    /**
     * Sends {@code body} until the gateway admits it, releases the upstream once it holds the
     * call, and returns the answer. The gateway frees a place (and a body's memory) just after
     * it has sent the answer that held it, so a call sent as soon as the client has read that
     * answer may still find it taken: a refusal then, and only a refusal, is sent again, for at
     * most ten seconds.
     */
    private ClientResponseTyped<String> servedWhenReleased(String body) throws Exception {
        Instant giveUp = Instant.now().plusSeconds(10);
        var call = async(body);
        while (!UPSTREAM.awaitArrivals(1, Duration.ofMillis(50))) {
            if (call.isDone()) {
                assertThat(call.get().status().code()).as("answer to a call the upstream never held").isEqualTo(429);
                call = async(body);
            }
            assertThat(Instant.now()).as("admitted again within ten seconds").isBefore(giveUp);
        }
        UPSTREAM.release();
        return call.get(10, TimeUnit.SECONDS);
    }
}
