package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.chat;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.llmgw.gateway.testing.FakeAuthz;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.upstream.MockProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Liveness, readiness that follows the authz connection, and Prometheus metrics. */
@ServerTest
class ObserveRoutesTest {

    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.standard();
    private static final FakeAuthz AUTHZ = GATEWAY.authz();
    private static final MockProvider MOCK = GATEWAY.mock();

    private final Http1Client client;

    ObserveRoutesTest(Http1Client client) {
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
    void liveness_up() {
        assertThat(client.get("/observe/health/live").request(String.class).status().code()).isIn(200, 204);
    }

    @Test
    void readiness_authzServing_up() {
        var response = client.get("/observe/health/ready").request(String.class);

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.entity()).contains("authz");
    }

    @Test
    void readiness_authzDown_503() {
        AUTHZ.setAvailable(false);

        var response = client.get("/observe/health/ready").request(String.class);

        assertThat(response.status().code()).isEqualTo(503);
        assertThat(response.entity()).contains("authz_unavailable");
    }

    @Test
    void metrics_mockUpstreamCallsCountOnlyForwardedRequests() {
        long before = MOCK.calls();
        post(client, "/v1/chat/completions", "sk-all", chat("gpt-4o-mini"));
        AUTHZ.setAvailable(false);
        post(client, "/v1/chat/completions", "sk-all", chat("gpt-4o-mini"));

        var response = client.get("/observe/metrics").header(HeaderNames.ACCEPT, "text/plain").request(String.class);

        assertThat(MOCK.calls()).isEqualTo(before + 1);
        assertThat(response.entity())
                .containsPattern("(?m)^mock_upstream_calls_total\\{[^}]*} " + (before + 1) + "(\\.0)?$");
    }

    @Test
    void metrics_prometheusTextCountsAuthzUnavailable() {
        AUTHZ.setAvailable(false);
        post(client, "/v1/chat/completions", "sk-all", chat("gpt-4o-mini"));

        var response = client.get("/observe/metrics").header(HeaderNames.ACCEPT, "text/plain").request(String.class);

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.entity()).containsPattern("(?m)^authz_unavailable_total\\{[^}]*} [1-9]")
                .contains("gateway_errors_total{code=\"authz_unavailable\"");
    }
}
