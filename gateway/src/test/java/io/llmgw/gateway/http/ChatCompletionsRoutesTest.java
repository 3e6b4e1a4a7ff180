package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.chat;
import static io.llmgw.gateway.testing.Http.error;
import static io.llmgw.gateway.testing.Http.json;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.llmgw.gateway.authz.AccessDecision;
import io.llmgw.gateway.testing.FakeAuthz;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.upstream.MockProvider;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Chat completions through the production routes, with a fake authz-service. */
@ServerTest
class ChatCompletionsRoutesTest {

    private static final String ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct";
    private static final String UPSTREAM = "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16";
    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.standard();
    private static final FakeAuthz AUTHZ = GATEWAY.authz();
    private static final MockProvider MOCK = GATEWAY.mock();

    private final Http1Client client;

    ChatCompletionsRoutesTest(Http1Client client) {
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
    void chat_allowed_forwardsResolvedNameAndAnswersWithRequestedName() {
        long before = MOCK.calls();
        var response = post(client, "/v1/chat/completions", "sk-alias-only", chat(ALIAS));

        assertThat(response.status().code()).isEqualTo(200);
        var body = json(response.entity());
        assertThat(body.path("model").asText()).isEqualTo(ALIAS);
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("choices").path(0).path("message").path("content").asText())
                .isEqualTo("Hello from mock model " + UPSTREAM + ".");
        assertThat(MOCK.calls()).isEqualTo(before + 1);
    }

    @Test
    void chat_withoutV1Prefix_servedToo() {
        var response = post(client, "/chat/completions", "sk-alias-only", chat(ALIAS));

        assertThat(response.status().code()).isEqualTo(200);
    }

    @Test
    void chat_checkCarriesPrincipalResolutionAndOperation() {
        post(client, "/v1/chat/completions", "sk-alias-only", chat(ALIAS));

        var asked = AUTHZ.asked().getFirst();
        assertThat(asked.principal().keyId()).isEqualTo("alias-only");
        assertThat(asked.principal().userId()).isEqualTo("alice");
        assertThat(asked.principal().keyModels()).containsExactly(ALIAS);
        assertThat(asked.principal().metadata()).containsEntry("env", "test");
        var model = asked.models().getFirst();
        assertThat(model.requested()).isEqualTo(ALIAS);
        assertThat(model.resolved()).isEqualTo(UPSTREAM);
        assertThat(model.provider()).isEqualTo("mock");
        assertThat(model.accessGroups()).containsExactly("coding");
        assertThat(model.tags()).containsExactly("demo");
        assertThat(asked.operation().endpoint()).isEqualTo("chat.completions");
        assertThat(asked.operation().path()).isEqualTo("/v1/chat/completions");
        assertThat(asked.request().requestId()).isNotBlank();
    }

    @Test
    void chat_teamKey_checkCarriesTeamGrants() {
        post(client, "/v1/chat/completions", "sk-all", chat("team-model"));

        var principal = AUTHZ.asked().getFirst().principal();
        assertThat(principal.teamId()).isEqualTo("ml");
        assertThat(principal.teamModels()).containsExactly("team-model");
    }

    @Test
    void chat_denied_statusCodeAndMessageFromPolicyAndNothingForwarded() {
        long before = MOCK.calls();
        var response = post(client, "/v1/chat/completions", "sk-other", chat(ALIAS));

        assertThat(response.status().code()).isEqualTo(403);
        var error = error(response);
        assertThat(error.path("code").asText()).isEqualTo("key_model_access_denied");
        assertThat(error.path("type").asText()).isEqualTo("permission_error");
        assertThat(error.path("message").asText()).isEqualTo("not granted: " + ALIAS);
        assertThat(MOCK.calls()).isEqualTo(before);
    }

    @Test
    void chat_deniedWithPolicyStatus_answersThatStatus() {
        AUTHZ.decideWith(m -> new AccessDecision.Denied(429, "team_budget_exceeded", "Budget spent.", "d1"));

        var response = post(client, "/v1/chat/completions", "sk-all", chat(ALIAS));

        assertThat(response.status().code()).isEqualTo(429);
        assertThat(error(response).path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error(response).path("code").asText()).isEqualTo("team_budget_exceeded");
    }

    @Test
    void chat_authzUnavailable_503AuthzUnavailableNothingForwardedAndCounted() {
        AUTHZ.setAvailable(false);
        long before = MOCK.calls();

        var response = post(client, "/v1/chat/completions", "sk-all", chat(ALIAS));

        assertThat(response.status().code()).isEqualTo(503);
        assertThat(error(response).path("code").asText()).isEqualTo("authz_unavailable");
        assertThat(MOCK.calls()).isEqualTo(before);
        assertThat(Services.get(MeterRegistry.class).counter("authz_unavailable", List.of()).orElseThrow().count()).isPositive();
    }

    @Test
    void chat_responseCarriesRequestIdGivenByClient() {
        var response = client.post("/v1/chat/completions")
                .header(HeaderNames.AUTHORIZATION, "Bearer sk-all")
                .header(RequestMeta.REQUEST_ID, "trace-42")
                .submit(chat(ALIAS), String.class);

        assertThat(response.headers().first(RequestMeta.REQUEST_ID)).contains("trace-42");
        assertThat(AUTHZ.asked().getFirst().request().requestId()).isEqualTo("trace-42");
    }

    @Test
    void chat_severalDeployments_policySeesTheDeploymentThatAnswers() {
        for (int i = 0; i < 2; i++) {
            AUTHZ.reset();
            var response = post(client, "/v1/chat/completions", "sk-all", chat("pooled"));

            String deployment = AUTHZ.asked().getFirst().models().getFirst().deployment().id();
            String answer = json(response.entity()).path("choices").path(0).path("message").path("content").asText();
            assertThat(answer).isEqualTo("from " + deployment);
        }
    }

    @Test
    void chat_severalDeployments_servedRoundRobin() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 2; i++) {
            post(client, "/v1/chat/completions", "sk-all", chat("pooled"));
        }
        AUTHZ.asked().forEach(a -> seen.add(a.models().getFirst().deployment().id()));

        assertThat(seen).containsExactlyInAnyOrder("pool-a", "pool-b");
    }
}
