package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.chat;
import static io.llmgw.gateway.testing.Http.error;
import static io.llmgw.gateway.testing.Http.json;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.service.registry.Services;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.audit.EnforcementRecord;
import io.llmgw.gateway.authz.AccessDecision;
import io.llmgw.gateway.authz.CallConditions;
import io.llmgw.gateway.authz.ObligationNotUnderstoodException;
import io.llmgw.gateway.authz.RequestParams;
import io.llmgw.gateway.config.PolicyConfig;
import io.llmgw.gateway.obligations.Applied;
import io.llmgw.gateway.testing.FakeAuthz;
import io.llmgw.gateway.testing.FakeUpstream;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.testing.LoggedLines;
import io.llmgw.gateway.testing.RecordedEnforcement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the policy sees of a call and what the gateway does with the obligations of an allow:
 * the upstream receives the capped limit (in the bytes the client sent, one value changed),
 * the allowed headers and only allowed deployments; rate limits answer 429 in OpenAI's shape;
 * an obligation the gateway cannot honour refuses the call.
 */
@ServerTest
class ObligationsRoutesTest {

    private static final FakeUpstream UPSTREAM = new FakeUpstream();
    private static final RecordedEnforcement ENFORCEMENT = new RecordedEnforcement();
    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.builder().catalog("""
            model_list:
              - model_name: remote
                litellm_params: {model: openai/remote-v1, api_base: "http://127.0.0.1:%d/ok/v1"}
              - model_name: pooled
                litellm_params: {model: mock/pool-us, mock_response: "from us"}
                model_info: {id: pool-us, tags: [us]}
              - model_name: pooled
                litellm_params: {model: mock/pool-eu, mock_response: "from eu"}
                model_info: {id: pool-eu, tags: [eu]}
              - model_name: embedder
                litellm_params: {model: mock/embed-v1}
            """.formatted(UPSTREAM.port())).policy(new PolicyConfig(Set.of("x-project"), Set.of("x-llmgw-team")))
            .enforcementLog(ENFORCEMENT).closeAfterAll(UPSTREAM::stop).build();
    private static final FakeAuthz AUTHZ = GATEWAY.authz();

    private final Http1Client client;

    ObligationsRoutesTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    @BeforeEach
    void reset() {
        ENFORCEMENT.reset();
    }

    private static void allowWith(CallConditions conditions) {
        AUTHZ.decideWith(model -> new AccessDecision.Allowed("d-1", conditions));
    }

    private static CallConditions cap(long tokens) {
        return new CallConditions(Optional.empty(), OptionalLong.of(tokens), Map.of(), List.of());
    }

    private static CallConditions limits(CallConditions.Limit... limits) {
        return new CallConditions(Optional.empty(), OptionalLong.empty(), Map.of(), List.of(limits));
    }

    private static String chatWith(String model, String extra) {
        return "{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}], " + extra
                + "}";
    }

    private RequestParams askedParams() {
        return AUTHZ.asked().getFirst().request().params().orElseThrow();
    }

    @Test
    void check_seesNormalizedParamsAndAllowedHeaders_neverPromptText() {
        var response = client.post("/v1/chat/completions").header(HeaderNames.AUTHORIZATION, "Bearer sk-all")
                .header(HeaderNames.create("X-Project"), "apollo").header(HeaderNames.create("X-Other"), "secret")
                .submit(chatWith("remote", """
                        "max_completion_tokens": 900, "max_tokens": 700, "n": 2, "temperature": 0.5,
                        "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {}}},
                                  {"type": "web_search"}],
                        "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
                        "response_format": {"type": "json_object"}, "reasoning_effort": "low"
                        """), String.class);

        assertThat(response.status().code()).isEqualTo(200);
        var request = AUTHZ.asked().getFirst().request();
        RequestParams p = askedParams();
        assertThat(p.maxOutputTokens()).hasValue(700);
        assertThat(p.n()).hasValue(2);
        assertThat(p.stream()).isFalse();
        assertThat(p.temperature()).hasValue(0.5);
        assertThat(p.toolNames()).containsExactly("get_weather");
        assertThat(p.toolCount()).isEqualTo(2);
        assertThat(p.toolChoice()).isEqualTo("function");
        assertThat(p.responseFormat()).isEqualTo("json_object");
        assertThat(p.reasoningEffort()).isEqualTo("low");
        assertThat(p.hasImages()).isFalse();
        assertThat(p.inputBytes()).isGreaterThan(100);
        assertThat(request.headers()).containsExactly(Map.entry("x-project", "apollo"));
        assertThat(p.toString()).doesNotContain("Hello");
    }

    @Test
    void check_plainCall_paramsUnsetNotZero() {
        post(client, "/v1/chat/completions", "sk-all", chat("remote"));

        RequestParams p = askedParams();
        assertThat(p.maxOutputTokens()).isEmpty();
        assertThat(p.n()).isEmpty();
        assertThat(p.temperature()).isEmpty();
        assertThat(p.toolCount()).isZero();
        assertThat(p.toolChoice()).isEmpty();
        assertThat(AUTHZ.asked().getFirst().request().headers()).isEmpty();
    }

    @Test
    void check_imageAndAudioParts_flagged() {
        post(client, "/v1/chat/completions", "sk-all", """
                {"model": "remote", "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "what is this"},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
                  {"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}}]}]}""");

        RequestParams p = askedParams();
        assertThat(p.hasImages()).isTrue();
        assertThat(p.hasAudio()).isTrue();
    }

    @Test
    void check_textOnlyParts_noImagesNoAudio() {
        post(client, "/v1/chat/completions", "sk-all", """
                {"model": "remote", "messages": [{"role": "user", "content": [{"type": "text", "text": "image_url"}]}]}""");

        assertThat(askedParams().hasImages()).isFalse();
        assertThat(askedParams().hasAudio()).isFalse();
    }

    @Test
    void check_completionsAndEmbeddings_sameNormalization() {
        post(client, "/v1/completions", "sk-all", """
                {"model": "remote", "prompt": "Say hi", "max_tokens": 50, "n": 3, "stream": true}""");
        RequestParams completion = askedParams();
        AUTHZ.reset();
        post(client, "/v1/embeddings", "sk-all", """
                {"model": "embedder", "input": ["a", "b"]}""");
        RequestParams embedding = askedParams();

        assertThat(completion.maxOutputTokens()).hasValue(50);
        assertThat(completion.n()).hasValue(3);
        assertThat(completion.stream()).isTrue();
        assertThat(embedding.maxOutputTokens()).isEmpty();
        assertThat(embedding.toolCount()).isZero();
        assertThat(embedding.inputBytes()).isPositive();
    }

    @Test
    void call_paramsGatewayCannotRead_400BeforeTheCheck() {
        for (String bad : List.of("\"max_tokens\": -1", "\"tools\": {}", "\"tools\": [{\"function\": {}}]",
                "\"tools\": [7]", "\"tool_choice\": \"sometimes\"", "\"response_format\": \"json\"",
                "\"reasoning_effort\": 3", "\"max_output_tokens\": 1.5", "\"n\": 99999999999999999999",
                "\"temperature\": 1e999", "\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \""
                        + "f".repeat(300) + "\"}}]")) {
            var response = post(client, "/v1/chat/completions", "sk-all", chatWith("remote", bad));
            assertThat(response.status().code()).as(bad).isEqualTo(400);
            assertThat(error(response).path("type").asText()).isEqualTo("invalid_request_error");
        }
        assertThat(AUTHZ.asked()).isEmpty();
    }

    @Test
    void cap_clientAskedMore_upstreamGetsCapInSameFieldRestUntouched() {
        allowWith(cap(256));
        String body = "{\"model\":\"remote\",  \"max_tokens\" : 4000 ,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hello \\u00e9\"}],\"temperature\":1.0E0}";
        post(client, "/v1/chat/completions", "sk-all", body);

        assertThat(UPSTREAM.lastRawBody()).isEqualTo(body.replace("\"remote\"", "\"remote-v1\"")
                .replace("4000", "256"));
        assertThat(UPSTREAM.lastBody().has("max_completion_tokens")).isFalse();
    }

    @Test
    void cap_clientAskedLess_keepsClientLimit() {
        allowWith(cap(256));
        post(client, "/v1/chat/completions", "sk-all", chatWith("remote", "\"max_completion_tokens\": 100"));

        assertThat(UPSTREAM.lastBody().path("max_completion_tokens").asLong()).isEqualTo(100);
    }

    @Test
    void cap_bothLimitFieldsAndNull_eachCapped() {
        allowWith(cap(256));
        post(client, "/v1/chat/completions", "sk-all",
                chatWith("remote", "\"max_completion_tokens\": 1000, \"max_tokens\": null"));

        assertThat(UPSTREAM.lastBody().path("max_completion_tokens").asLong()).isEqualTo(256);
        assertThat(UPSTREAM.lastBody().path("max_tokens").asLong()).isEqualTo(256);
    }

    @Test
    void cap_clientAskedNothing_upstreamGetsCapInTheEndpointsField() {
        allowWith(cap(256));
        post(client, "/v1/chat/completions", "sk-all", chat("remote"));
        assertThat(UPSTREAM.lastBody().path("max_completion_tokens").asLong()).isEqualTo(256);

        post(client, "/v1/completions", "sk-all", "{\"model\": \"remote\", \"prompt\": \"hi\"}");
        assertThat(UPSTREAM.lastBody().path("max_tokens").asLong()).isEqualTo(256);
        assertThat(UPSTREAM.lastBody().path("prompt").asText()).isEqualTo("hi");
    }

    @Test
    void cap_embeddings_noOutputToCap_allowedUnchanged() {
        allowWith(cap(256));
        var response = post(client, "/v1/embeddings", "sk-all", "{\"model\": \"embedder\", \"input\": \"x\"}");

        assertThat(response.status().code()).isEqualTo(200);
    }

    @Test
    void deployments_restricted_callsOnlyGoToAllowedOnes() {
        allowWith(new CallConditions(Optional.of(List.of("pool-eu")), OptionalLong.empty(), Map.of(), List.of()));
        for (int i = 0; i < 4; i++) {
            var response = post(client, "/v1/chat/completions", "sk-all", chat("pooled"));
            assertThat(json(response.entity()).at("/choices/0/message/content").asText()).isEqualTo("from eu");
        }
        assertThat(AUTHZ.asked().getFirst().models().getFirst().candidates()).hasSize(2);
    }

    @Test
    void deployments_namingNoCandidate_refusedAsInvalidDecision() {
        allowWith(new CallConditions(Optional.of(List.of("elsewhere")), OptionalLong.empty(), Map.of(), List.of()));
        var response = post(client, "/v1/chat/completions", "sk-all", chat("pooled"));

        assertThat(response.status().code()).isEqualTo(403);
        assertThat(error(response).path("code").asText()).isEqualTo("policy_result_invalid");
        assertThat(error(response).path("message").asText()).contains("obligations.deployments");
    }

    @Test
    void upstreamHeaders_allowedName_sentUpstream() {
        allowWith(new CallConditions(Optional.empty(), OptionalLong.empty(), Map.of("x-llmgw-team", "ml"), List.of()));
        var response = post(client, "/v1/chat/completions", "sk-all", chat("remote"));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(UPSTREAM.lastHeader("x-llmgw-team")).isEqualTo("ml");
    }

    @Test
    void upstreamHeaders_nameNotAllowed_refusedNamingItNothingForwarded() {
        post(client, "/v1/chat/completions", "sk-all", chatWith("remote", "\"user\": \"before\""));
        allowWith(new CallConditions(Optional.empty(), OptionalLong.empty(), Map.of("x-secret", "1"), List.of()));
        var response = post(client, "/v1/chat/completions", "sk-all", chatWith("remote", "\"user\": \"after\""));

        assertThat(response.status().code()).isEqualTo(403);
        assertThat(error(response).path("code").asText()).isEqualTo("policy_result_invalid");
        assertThat(error(response).path("message").asText()).contains("obligations.upstream_headers.x-secret");
        assertThat(UPSTREAM.lastBody().path("user").asText()).isEqualTo("before");
    }

    @Test
    void rateLimit_requestsSpent_429WithRetryAfterAndPolicyCode() {
        allowWith(limits(new CallConditions.Limit("test:requests", 2, 0, Duration.ofMinutes(1), "team_rate_limited")));
        var first = post(client, "/v1/chat/completions", "sk-all", chat("remote"));
        post(client, "/v1/chat/completions", "sk-all", chat("remote"));
        var third = post(client, "/v1/chat/completions", "sk-all", chat("remote"));

        assertThat(first.status().code()).isEqualTo(200);
        assertThat(first.headers().first(HeaderNames.create("x-ratelimit-limit-requests"))).hasValue("2");
        assertThat(first.headers().first(HeaderNames.create("x-ratelimit-remaining-requests"))).hasValue("1");
        assertThat(first.headers().first(HeaderNames.create("x-ratelimit-reset-requests"))).isPresent();
        assertThat(third.status().code()).isEqualTo(429);
        assertThat(error(third).path("code").asText()).isEqualTo("team_rate_limited");
        assertThat(error(third).path("type").asText()).isEqualTo("rate_limit_error");
        long retryAfter = Long.parseLong(third.headers().first(HeaderNames.RETRY_AFTER).orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(third.headers().first(HeaderNames.create("x-ratelimit-remaining-requests"))).hasValue("0");
    }

    @Test
    void rateLimit_refusedByAnotherObligation_usesNoBudget() {
        var limit = new CallConditions.Limit("test:refused-first", 1, 0, Duration.ofMinutes(1), "rate_limited");
        allowWith(new CallConditions(Optional.empty(), OptionalLong.empty(), Map.of("x-secret", "1"), List.of(limit)));
        assertThat(post(client, "/v1/chat/completions", "sk-all", chat("remote")).status().code()).isEqualTo(403);

        allowWith(limits(limit));
        assertThat(post(client, "/v1/chat/completions", "sk-all", chat("remote")).status().code()).isEqualTo(200);
    }

    @Test
    void rateLimit_tokensFromUsage_spentBudgetRefusesNextCall() {
        allowWith(limits(new CallConditions.Limit("test:tokens", 0, 7, Duration.ofHours(1), "token_budget_spent")));
        var first = post(client, "/v1/chat/completions", "sk-all", chat("remote"));
        var second = post(client, "/v1/chat/completions", "sk-all", chat("remote"));

        assertThat(first.status().code()).isEqualTo(200);
        assertThat(first.headers().first(HeaderNames.create("x-ratelimit-limit-tokens"))).hasValue("7");
        assertThat(second.status().code()).isEqualTo(429);
        assertThat(error(second).path("code").asText()).isEqualTo("token_budget_spent");
    }

    @Test
    void rateLimit_tokensOfStream_countedFromUsageTheGatewayAskedFor() {
        allowWith(limits(new CallConditions.Limit("test:stream-tokens", 0, 8, Duration.ofHours(1), "rate_limited")));
        var first = post(client, "/v1/chat/completions", "sk-all", chatWith("remote", "\"stream\": true"));
        var second = post(client, "/v1/chat/completions", "sk-all", chatWith("remote", "\"stream\": true"));

        assertThat(UPSTREAM.lastBody().at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(first.entity()).as("the usage-only event the client did not ask for").doesNotContain("\"usage\"")
                .endsWith("data: [DONE]\n\n");
        assertThat(second.status().code()).isEqualTo(429);
    }

    @Test
    void rateLimit_streamOptionsWithoutUsage_usageAskedOtherOptionsKept() {
        allowWith(limits(new CallConditions.Limit("test:stream-options", 0, 1000, Duration.ofHours(1), "rate_limited")));
        post(client, "/v1/chat/completions", "sk-all",
                chatWith("remote", "\"stream\": true, \"stream_options\": {\"include_obfuscation\": false}"));

        assertThat(UPSTREAM.lastBody().at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(UPSTREAM.lastBody().at("/stream_options/include_obfuscation").isBoolean()).isTrue();
    }

    @Test
    void rateLimit_clientAskedForUsage_usageEventPassedOn() {
        allowWith(limits(new CallConditions.Limit("test:stream-usage", 0, 1000, Duration.ofHours(1), "rate_limited")));
        var response = post(client, "/v1/chat/completions", "sk-all",
                chatWith("remote", "\"stream\": true, \"stream_options\": {\"include_usage\": true}"));

        assertThat(response.entity()).contains("\"usage\"");
    }

    @Test
    void messages_anthropicToolsImagesAndCap_normalizedAndCappedInMaxTokens() {
        allowWith(cap(256));
        var response = client.post("/v1/messages").header(HeaderNames.AUTHORIZATION, "Bearer sk-all")
                .header(HeaderNames.create("anthropic-version"), "2023-06-01").submit("""
                        {"model": "remote", "max_tokens": 4000, "messages": [{"role": "user", "content": [
                          {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "AAAA"}},
                          {"type": "text", "text": "What is this?"}]}],
                         "tools": [{"name": "get_weather", "input_schema": {"type": "object"}}],
                         "tool_choice": {"type": "any"}}""", String.class);

        assertThat(response.status().code()).isEqualTo(200);
        RequestParams p = askedParams();
        assertThat(p.toolNames()).containsExactly("get_weather");
        assertThat(p.toolChoice()).isEqualTo("required");
        assertThat(p.hasImages()).isTrue();
        assertThat(p.maxOutputTokens()).hasValue(4000);
        assertThat(UPSTREAM.lastBody().path("max_tokens").asLong()).isEqualTo(256);
    }

    @Test
    void responses_inputImageAndFormat_normalizedCapAddedInMaxOutputTokens() {
        allowWith(cap(256));
        var response = post(client, "/v1/responses", "sk-all", """
                {"model": "remote", "input": [{"role": "user", "content": [
                  {"type": "input_text", "text": "Describe"}, {"type": "input_image", "image_url": "data:,"}]}],
                 "text": {"format": {"type": "json_schema", "name": "x", "schema": {}}},
                 "reasoning": {"effort": "high"}}""");

        assertThat(response.status().code()).isEqualTo(200);
        RequestParams p = askedParams();
        assertThat(p.hasImages()).isTrue();
        assertThat(p.responseFormat()).isEqualTo("json_schema");
        assertThat(p.reasoningEffort()).isEqualTo("high");
        assertThat(p.maxOutputTokens()).isEmpty();
        assertThat(UPSTREAM.lastBody().path("max_output_tokens").asLong()).isEqualTo(256);
        assertThat(UPSTREAM.lastBody().has("max_completion_tokens")).isFalse();
    }

    @Test
    void enforcementLog_cappedCall_recordSaysWhatWasCappedUnderTheDecisionId() {
        allowWith(cap(256));
        var response = client.post("/v1/chat/completions").header(HeaderNames.AUTHORIZATION, "Bearer sk-all")
                .header(HeaderNames.create("x-request-id"), "req-capped")
                .submit(chatWith("remote", "\"max_tokens\": 4000"), String.class);

        assertThat(response.status().code()).isEqualTo(200);
        EnforcementRecord record = ENFORCEMENT.last();
        assertThat(record.decisionId()).isEqualTo("d-1");
        assertThat(record.requestId()).isEqualTo("req-capped");
        assertThat(record.keyId()).isEqualTo("all");
        assertThat(record.operation()).isEqualTo("chat.completions");
        assertThat(record.model().requested()).isEqualTo("remote");
        assertThat(record.model().resolved()).isEqualTo("remote-v1");
        assertThat(record.refusal()).isEmpty();
        assertThat(record.applied()).containsExactly(new Applied.OutputCap(256,
                List.of(new Applied.LimitField("max_tokens", OptionalLong.of(4000), 256)), Optional.empty()));
        assertThat(ENFORCEMENT.records()).hasSize(1);
    }

    @Test
    void enforcementLog_plainAllow_recordedSentWithNothingApplied() {
        post(client, "/v1/chat/completions", "sk-all", chat("remote"));

        assertThat(ENFORCEMENT.last().decisionId()).isEqualTo("d-allow");
        assertThat(ENFORCEMENT.last().refusal()).isEmpty();
        assertThat(ENFORCEMENT.last().applied()).isEmpty();
    }

    @Test
    void enforcementLog_rateLimitSpent_refusalRecordedWithTheCodeNothingCounted() {
        allowWith(limits(new CallConditions.Limit("test:logged", 1, 0, Duration.ofHours(1), "team_rate_limited")));
        post(client, "/v1/chat/completions", "sk-all", chat("remote"));
        var counted = (Applied.RateLimits) ENFORCEMENT.last().applied().getFirst();
        post(client, "/v1/chat/completions", "sk-all", chat("remote"));

        assertThat(counted.buckets().getFirst().requests()).isEqualTo(1);
        assertThat(counted.buckets().getFirst().requestLimit()).isEqualTo(1);
        assertThat(ENFORCEMENT.last().refusal()).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo("team_rate_limited");
            assertThat(r.detail()).contains("test:logged");
        });
        assertThat(ENFORCEMENT.last().applied()).isEmpty();
    }

    @Test
    void enforcementLog_obligationNotHonoured_refusalNamesThePath() {
        allowWith(new CallConditions(Optional.empty(), OptionalLong.empty(), Map.of("x-secret", "1"), List.of()));
        post(client, "/v1/chat/completions", "sk-all", chat("remote"));

        assertThat(ENFORCEMENT.records()).singleElement().satisfies(r -> {
            assertThat(r.refusal().orElseThrow().code()).isEqualTo("policy_result_invalid");
            assertThat(r.refusal().orElseThrow().detail()).contains("obligations.upstream_headers.x-secret");
        });
    }

    @Test
    void enforcementLog_narrowedAndTagged_recordNamesDeploymentsAndHeaderNamesNotValues() {
        allowWith(new CallConditions(Optional.of(List.of("pool-eu")), OptionalLong.empty(),
                Map.of("x-llmgw-team", "secret-team"), List.of()));
        post(client, "/v1/chat/completions", "sk-all", chat("pooled"));

        var record = ENFORCEMENT.last();
        assertThat(record.model().deployment()).isEqualTo("pool-eu");
        assertThat(record.applied()).hasSize(2);
        assertThat(record.applied().getFirst()).isInstanceOfSatisfying(Applied.Deployments.class, d -> {
            assertThat(d.allowed()).containsExactly("pool-eu");
            assertThat(d.candidates()).isEqualTo(2);
        });
        assertThat(record.applied().getLast()).isEqualTo(new Applied.UpstreamHeaders(List.of("x-llmgw-team")));
        assertThat(record.toString()).doesNotContain("secret-team").doesNotContain("Hello");
    }

    @Test
    void obligationNotUnderstood_503WithItsOwnCodeLoggedCountedApartNothingForwarded() {
        var registry = Services.get(MeterRegistry.class);
        double notUnderstood = count(registry, "authz_decisions", Tag.create("decision", "obligation_not_understood"));
        double unavailable = count(registry, "authz_unavailable");
        post(client, "/v1/chat/completions", "sk-all", chatWith("remote", "\"user\": \"before\""));
        AUTHZ.decideWith(model -> {
            throw new ObligationNotUnderstoodException("d-newer", "the decision carries obligations this gateway"
                    + " does not understand (obligations fields [99])");
        });
        ENFORCEMENT.reset();

        try (var logged = LoggedLines.of(ModelAccess.class)) {
            var response = post(client, "/v1/chat/completions", "sk-all", chatWith("remote", "\"user\": \"after\""));

            assertThat(response.status().code()).isEqualTo(503);
            assertThat(error(response).path("code").asText()).isEqualTo("obligation_not_understood");
            assertThat(logged.messages()).singleElement(InstanceOfAssertFactories.STRING).startsWith("obligation_not_understood request_id=")
                    .contains("decision_id=d-newer").contains("[99]");
        }
        assertThat(UPSTREAM.lastBody().path("user").asText()).isEqualTo("before");
        assertThat(ENFORCEMENT.records()).isEmpty();
        assertThat(count(registry, "authz_decisions", Tag.create("decision", "obligation_not_understood")))
                .isEqualTo(notUnderstood + 1);
        assertThat(count(registry, "authz_unavailable")).isEqualTo(unavailable);
    }

    private static double count(MeterRegistry registry, String name, Tag... tags) {
        return registry.counter(name, List.of(tags)).map(c -> (double) c.count()).orElse(0.0);
    }
}
