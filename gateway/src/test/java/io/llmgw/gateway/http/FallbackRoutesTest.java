package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.chat;
import static io.llmgw.gateway.testing.Http.error;
import static io.llmgw.gateway.testing.Http.json;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.authz.AccessDecision;
import io.llmgw.gateway.authz.AuthzUnavailableException;
import io.llmgw.gateway.models.ModelResolution;
import io.llmgw.gateway.testing.FailingUpstream;
import io.llmgw.gateway.testing.FakeAuthz;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.testing.LoggedLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retries and fallbacks over real loopback HTTP, against an upstream that fails on purpose:
 * each model and deployment tried is checked first, a denied fallback is never called, no
 * decision means nothing more is called, and the tries are logged with their decision ids.
 */
@ServerTest
class FallbackRoutesTest {

    private static final FailingUpstream UPSTREAM = new FailingUpstream();
    /**
     * A port bound but not listening, held for the whole class: connections to it are refused,
     * and no other process on the machine can take it meanwhile (a closed port could be).
     */
    private static final Socket DOWN = reservedPort();
    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.builder().catalog("""
            model_list:
              - model_name: primary
                litellm_params: {model: openai/primary-v1, api_base: "%1$s"}
              - model_name: backup
                litellm_params: {model: openai/backup-v1, api_base: "%2$s"}
              - model_name: forbidden-backup
                litellm_params: {model: openai/forbidden-v1, api_base: "%2$s"}
              - model_name: flaky
                litellm_params: {model: openai/flaky-v1, api_base: "%3$s"}
              - model_name: short
                litellm_params: {model: openai/short-v1, api_base: "%4$s"}
              - model_name: long-context
                litellm_params: {model: openai/long-v1, api_base: "%2$s"}
              - model_name: pooled
                litellm_params: {model: openai/pool-down, api_base: "http://127.0.0.1:%5$d/v1"}
                model_info: {id: pool-down}
              - model_name: pooled
                litellm_params: {model: openai/pool-up, api_base: "%2$s"}
                model_info: {id: pool-up}
              - model_name: once
                litellm_params: {model: openai/once-v1, api_base: "%6$s", max_retries: 0}
              - model_name: bad-request
                litellm_params: {model: openai/bad-v1, api_base: "%7$s"}
              - model_name: bedrock-first
                litellm_params: {model: bedrock/anthropic.claude-v2}
              - model_name: limited
                litellm_params: {model: openai/limited-v1, api_base: "%8$s"}
            router_settings:
              num_retries: 1
              fallbacks:
                - primary: [forbidden-backup, backup]
                - bad-request: [backup]
                - bedrock-first: [backup]
                - limited: [backup]
              context_window_fallbacks:
                - short: [long-context]
            """.formatted(UPSTREAM.base("/fail/503/v1"), UPSTREAM.base("/ok/v1"), UPSTREAM.base("/flaky/v1"),
            UPSTREAM.base("/context/v1"), DOWN.getLocalPort(), UPSTREAM.base("/fail/500/v1"),
            UPSTREAM.base("/fail/400/v1"), UPSTREAM.base("/limited/v1")))
            .closeAfterAll(UPSTREAM::stop).closeAfterAll(DOWN).build();
    private static final FakeAuthz AUTHZ = GATEWAY.authz();

    private final Http1Client client;
    private LoggedLines logged;

    FallbackRoutesTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    @BeforeEach
    void reset() {
        UPSTREAM.clear();
        // Distinct decision ids, so the log shows which decision allowed which try.
        AUTHZ.decideWith(allowAllBut(Set.of("forbidden-backup")));
        logged = LoggedLines.of(ModelCallAttempts.class);
    }

    @AfterEach
    void stopLogging() {
        logged.close();
    }

    private static Socket reservedPort() {
        try {
            var socket = new Socket();
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void chat_primaryFailsRetriesSpent_deniedFallbackSkippedNextFallbackAnswers() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("primary"));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(json(response.entity()).path("model").asText()).isEqualTo("backup");
        assertThat(UPSTREAM.received()).extracting(FailingUpstream.Received::model)
                .containsExactly("primary-v1", "primary-v1", "backup-v1");
        assertThat(asked()).containsExactly("primary", "forbidden-backup", "backup");
        assertThat(logged.messages()).singleElement().asString().startsWith("upstream_tries request_id=")
                .contains("key_id=all model=\"primary\" answered_by=\"backup\"")
                .contains("\"primary\" deployment=\"primary#1\" decision_id=d-primary -> 503")
                .contains("\"forbidden-backup\" deployment=\"forbidden-backup#1\" decision_id=d-forbidden-backup"
                        + " -> denied not_granted")
                .contains("\"backup\" deployment=\"backup#1\" decision_id=d-backup -> 200");
    }

    @Test
    void chatStream_primaryFails_fallbackStreamsUnderItsName() {
        var response = post(client, "/v1/chat/completions", "sk-all",
                "{\"model\": \"primary\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.entity()).contains("\"model\":\"backup\"").contains("from backup-v1")
                .endsWith("data: [DONE]\n\n");
    }

    @Test
    void chat_everyFallbackDenied_clientGetsItsOwnModelsFailureAndNothingElseCalled() {
        AUTHZ.decideWith(allowAllBut(Set.of("forbidden-backup", "backup")));

        var response = post(client, "/v1/chat/completions", "sk-all", chat("primary"));

        assertThat(response.status().code()).isEqualTo(502);
        assertThat(error(response).path("code").asText()).isEqualTo("upstream_error");
        assertThat(UPSTREAM.received()).extracting(FailingUpstream.Received::model)
                .containsOnly("primary-v1");
        assertThat(asked()).containsExactly("primary", "forbidden-backup", "backup");
        assertThat(logged.messages()).singleElement().asString().contains("answered_by=none");
    }

    @Test
    void chat_noDecisionForFallback_nothingMoreCalled() {
        AUTHZ.decideWith(model -> {
            if (!model.requested().equals("primary")) {
                throw new AuthzUnavailableException("down", null);
            }
            return new AccessDecision.Allowed("d-primary");
        });

        var response = post(client, "/v1/chat/completions", "sk-all", chat("primary"));

        assertThat(response.status().code()).isEqualTo(502);
        assertThat(UPSTREAM.received()).extracting(FailingUpstream.Received::model).containsOnly("primary-v1");
        assertThat(asked()).containsExactly("primary", "forbidden-backup");
    }

    @Test
    void chat_primaryDenied_403AndNoFallbackAsked() {
        AUTHZ.decideWith(allowAllBut(Set.of("primary")));

        var response = post(client, "/v1/chat/completions", "sk-all", chat("primary"));

        assertThat(response.status().code()).isEqualTo(403);
        assertThat(UPSTREAM.received()).isEmpty();
        assertThat(asked()).containsExactly("primary");
    }

    @Test
    void chat_upstreamFailsOnceThenAnswers_retriedOnceWithTheSameDecision() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("flaky"));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(UPSTREAM.received()).hasSize(2);
        assertThat(asked()).containsExactly("flaky");
    }

    @Test
    void chat_deploymentDown_retryTakesTheGroupsNextDeploymentCheckedFirst() {
        for (int i = 0; i < 2; i++) {
            var response = post(client, "/v1/chat/completions", "sk-all", chat("pooled"));
            assertThat(response.status().code()).isEqualTo(200);
        }

        // Each request starts where the round robin stands; one that meets pool-down retries on pool-up.
        List<String> deployments = AUTHZ.asked().stream().map(a -> a.models().getFirst().deployment().id()).toList();
        assertThat(deployments).contains("pool-down").endsWith("pool-up");
        assertThat(deployments.stream().filter("pool-up"::equals)).hasSize(2);
        assertThat(deployments).containsSubsequence("pool-down", "pool-up");
        assertThat(UPSTREAM.received()).extracting(FailingUpstream.Received::model).containsOnly("pool-up");
    }

    @Test
    void chat_groupsOtherDeploymentDenied_neverCalled() {
        AUTHZ.decideWith(model -> model.deployment().id().equals("pool-up")
                ? new AccessDecision.Denied(403, "deployment_denied", "no", "d-deny-up")
                : new AccessDecision.Allowed("d-down"));

        post(client, "/v1/chat/completions", "sk-all", chat("pooled"));
        var response = post(client, "/v1/chat/completions", "sk-all", chat("pooled"));

        assertThat(UPSTREAM.received()).isEmpty();
        assertThat(response.status().code()).isIn(403, 502);
    }

    @Test
    void chat_contextWindowExceeded_contextWindowFallbackAnswers() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("short"));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(json(response.entity()).path("model").asText()).isEqualTo("long-context");
        assertThat(UPSTREAM.received()).extracting(FailingUpstream.Received::model)
                .containsExactly("short-v1", "long-v1");
    }

    @Test
    void chat_requestRefusedByUpstream_neitherRetriedNorFallenBack() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("bad-request"));

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(UPSTREAM.received()).hasSize(1);
        assertThat(asked()).containsExactly("bad-request");
    }

    @Test
    void chat_rateLimitedWithLongRetryAfter_notRetriedFallbackAnswers() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("limited"));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(UPSTREAM.received()).extracting(FailingUpstream.Received::model)
                .containsExactly("limited-v1", "backup-v1");
    }

    @Test
    void chat_maxRetriesZero_calledOnce() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("once"));

        assertThat(response.status().code()).isEqualTo(502);
        assertThat(UPSTREAM.received()).hasSize(1);
    }

    @Test
    void chat_unsupportedDeployment_fallbackAnswers() {
        var response = post(client, "/v1/chat/completions", "sk-all", chat("bedrock-first"));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(asked()).containsExactly("bedrock-first", "backup");
    }

    private static List<String> asked() {
        return AUTHZ.asked().stream().map(a -> a.models().getFirst().requested()).toList();
    }

    private static Function<ModelResolution, AccessDecision> allowAllBut(Set<String> denied) {
        return model -> denied.contains(model.requested())
                ? new AccessDecision.Denied(403, "not_granted", "not granted: " + model.requested(),
                        "d-" + model.requested())
                : new AccessDecision.Allowed("d-" + model.requested());
    }
}
