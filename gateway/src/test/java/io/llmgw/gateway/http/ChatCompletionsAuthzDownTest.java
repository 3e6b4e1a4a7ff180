package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.chat;
import static io.llmgw.gateway.testing.Http.closedPort;
import static io.llmgw.gateway.testing.Http.error;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.llmgw.gateway.authz.GrpcAuthzClient;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.upstream.MockProvider;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With no authz-service listening, the real gRPC client fails closed: 503, nothing forwarded, not ready. */
@ServerTest
class ChatCompletionsAuthzDownTest {

    private static final ManagedChannel CHANNEL = NettyChannelBuilder.forAddress("127.0.0.1", closedPort())
            .usePlaintext().build();
    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.builder()
            .authz(new GrpcAuthzClient(CHANNEL, Duration.ofMillis(200), Duration.ofMillis(200)))
            .closeAfterAll(CHANNEL::shutdownNow).build();
    private static final MockProvider MOCK = GATEWAY.mock();

    private final Http1Client client;

    ChatCompletionsAuthzDownTest(Http1Client client) {
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
    void chat_authzUnreachable_503AuthzUnavailableAndNothingForwarded() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("gpt-4o-mini"));

        assertThat(response.status().code()).isEqualTo(503);
        assertThat(error(response).path("code").asText()).isEqualTo("authz_unavailable");
        assertThat(MOCK.calls()).isZero();
    }

    @Test
    void models_authzUnreachable_503() {
        var response = client.get("/v1/models").header(HeaderNames.AUTHORIZATION, "Bearer sk-all")
                .request(String.class);

        assertThat(response.status().code()).isEqualTo(503);
    }

    @Test
    void readiness_authzUnreachable_503() {
        assertThat(client.get("/observe/health/ready").request(String.class).status().code()).isEqualTo(503);
    }
}
