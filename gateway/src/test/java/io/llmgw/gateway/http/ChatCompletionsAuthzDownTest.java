package io.llmgw.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.authz.GrpcAuthzClient;
import io.llmgw.gateway.keys.KeyRecord;
import io.llmgw.gateway.keys.KeyRegistry;
import io.llmgw.gateway.models.ModelCatalog;
import io.llmgw.gateway.models.ModelResolution;
import io.llmgw.gateway.upstream.MockProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no authz-service listening, the gateway answers 503 and forwards nothing. */
@ServerTest
class ChatCompletionsAuthzDownTest {

    private static final MockProvider UPSTREAM = new MockProvider();

    private final Http1Client client;

    ChatCompletionsAuthzDownTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var channel = NettyChannelBuilder.forAddress("127.0.0.1", closedPort).usePlaintext().build();
        var keys = new KeyRegistry(Map.of(KeyRegistry.sha256("sk-any"), new KeyRecord("k", "", List.of("*"))));
        var models = new ModelCatalog(Map.of("m", new ModelResolution("m", "m-up", "d", "mock", List.of(), List.of())));
        GatewayRoutes.register(routing, keys, models, new GrpcAuthzClient(channel, Duration.ofMillis(200)), UPSTREAM);
    }

    @Test
    void chat_authzUnreachable_503AuthzUnavailableAndNothingForwarded() throws Exception {
        var response = client.post("/v1/chat/completions")
                .header(HeaderNames.AUTHORIZATION, "Bearer sk-any")
                .submit("{\"model\": \"m\", \"messages\": []}", String.class);

        assertThat(response.status().code()).isEqualTo(503);
        assertThat(new ObjectMapper().readTree(response.entity()).path("error").path("code").asText())
                .isEqualTo("authz_unavailable");
        assertThat(UPSTREAM.calls()).isZero();
    }
}
