package io.llmgw.gateway.obligations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgw.gateway.authz.CallConditions;
import io.llmgw.gateway.config.YamlNode;
import io.llmgw.gateway.limits.InMemoryLimitStore;
import io.llmgw.gateway.limits.RateLimitedException;
import io.llmgw.gateway.limits.RateLimiter;
import io.llmgw.gateway.models.CatalogLoader;
import io.llmgw.gateway.models.ModelCatalog;
import io.llmgw.gateway.upstream.BodyLayout;
import io.llmgw.gateway.upstream.Endpoint;
import io.llmgw.gateway.upstream.ForwardedBody;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each obligation applied to the call or refusing it: the deployments route it, the cap is an
 * edit of one value (or one inserted field), headers only from the allow list, rate limits
 * counted only once everything else passed.
 */
class ObligationEnforcerTest {

    private static final ModelCatalog CATALOG = CatalogLoader.load(YamlNode.parse("""
            model_list:
              - model_name: pooled
                litellm_params: {model: mock/pool-us}
                model_info: {id: pool-us, tags: [us]}
              - model_name: pooled
                litellm_params: {model: mock/pool-eu}
                model_info: {id: pool-eu, tags: [eu]}
            """, "catalog.yaml"), Map.<String, String>of()::get).catalog();

    /** {@code {"model":"pooled","max_tokens":4000,"messages":[]}} and where its values lie. */
    private static final String BODY = "{\"model\":\"pooled\",\"max_tokens\":4000,\"messages\":[]}";
    private static final BodyLayout WITH_LIMIT = new BodyLayout(0,
            List.of(new BodyLayout.Field("max_tokens", OptionalLong.of(4000), 31, 35)), Optional.empty());
    private static final BodyLayout NO_LIMIT = new BodyLayout(0, List.of(), Optional.empty());

    private final ObligationEnforcer enforcer = new ObligationEnforcer(Set.of("x-llmgw-team"),
            new RateLimiter(new InMemoryLimitStore(), Clock.systemUTC()));

    private static CallConditions conditions(Optional<List<String>> deployments, OptionalLong cap,
            Map<String, String> headers, List<CallConditions.Limit> limits) {
        return new CallConditions(deployments, cap, headers, limits);
    }

    private static CallConditions deployments(String... ids) {
        return conditions(Optional.of(List.of(ids)), OptionalLong.empty(), Map.of(), List.of());
    }

    private static CallConditions cap(long tokens) {
        return conditions(Optional.empty(), OptionalLong.of(tokens), Map.of(), List.of());
    }

    private static String sent(CallPlan plan) {
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        return new ForwardedBody(bytes, bytes.length, 9, 17, "pool-eu", plan.edits()).toString();
    }

    @Test
    void plan_restrictedToOneDeployment_everyCallGoesThere() {
        for (int i = 0; i < 4; i++) {
            var model = CATALOG.resolve("pooled").orElseThrow();
            assertThat(model.candidates()).hasSize(2);

            var route = enforcer.plan(model, Endpoint.CHAT_COMPLETIONS, NO_LIMIT, false, deployments("pool-eu")).route();

            assertThat(route.deployment().id()).isEqualTo("pool-eu");
            assertThat(route.resolved()).isEqualTo("pool-eu");
        }
    }

    @Test
    void plan_noObligations_keepsTheRoundRobinChoiceAndTheBody() {
        var model = CATALOG.resolve("pooled").orElseThrow();

        CallPlan plan = enforcer.plan(model, Endpoint.CHAT_COMPLETIONS, WITH_LIMIT, false, CallConditions.NONE);

        assertThat(plan.route()).isSameAs(model);
        assertThat(plan.edits()).isEmpty();
        assertThat(plan.applied()).isEmpty();
    }

    @Test
    void plan_namingNoCandidate_refusedNamingThePath() {
        var model = CATALOG.resolve("pooled").orElseThrow();

        assertThatThrownBy(() -> enforcer.plan(model, Endpoint.CHAT_COMPLETIONS, NO_LIMIT, false,
                deployments("elsewhere")))
                .isInstanceOf(ObligationRefusedException.class).hasMessageContaining("obligations.deployments");
    }

    @Test
    void plan_capBelowAsked_replacesThatValueOnly() {
        var plan = enforcer.plan(CATALOG.resolve("pooled").orElseThrow(), Endpoint.CHAT_COMPLETIONS, WITH_LIMIT, false,
                cap(256));

        assertThat(sent(plan)).isEqualTo("{\"model\":\"pool-eu\",\"max_tokens\":256,\"messages\":[]}");
    }

    @Test
    void plan_capAboveAsked_bodyUnchanged() {
        var plan = enforcer.plan(CATALOG.resolve("pooled").orElseThrow(), Endpoint.CHAT_COMPLETIONS, WITH_LIMIT, false,
                cap(8000));

        assertThat(plan.edits()).isEmpty();
        assertThat(plan.summary()).containsExactly("max_output_tokens=8000 in max_tokens (asked 4000)");
        assertThat(plan.applied()).containsExactly(new Applied.OutputCap(8000,
                List.of(new Applied.LimitField("max_tokens", OptionalLong.of(4000), 4000)), Optional.empty()));
    }

    @Test
    void plan_capBelowAsked_appliedSaysAskedAndSent() {
        var plan = enforcer.plan(CATALOG.resolve("pooled").orElseThrow(), Endpoint.CHAT_COMPLETIONS, WITH_LIMIT, false,
                cap(256));

        var field = ((Applied.OutputCap) plan.applied().getFirst()).fields().getFirst();
        assertThat(field).isEqualTo(new Applied.LimitField("max_tokens", OptionalLong.of(4000), 256));
        assertThat(field.lowered()).isTrue();
        assertThat(plan.summary()).containsExactly("max_output_tokens=256 in max_tokens (asked 4000)");
    }

    @Test
    void plan_roundRobinChoiceNotAllowed_appliedNamesTheReplacedDeployment() {
        List<Applied> seen = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            seen.addAll(enforcer.plan(CATALOG.resolve("pooled").orElseThrow(), Endpoint.CHAT_COMPLETIONS, NO_LIMIT,
                    false, deployments("pool-eu")).applied());
        }

        assertThat(seen).containsExactlyInAnyOrder(
                new Applied.Deployments(List.of("pool-eu"), 2, "pool-eu", Optional.empty()),
                new Applied.Deployments(List.of("pool-eu"), 2, "pool-eu", Optional.of("pool-us")));
    }

    @Test
    void plan_capWithoutLimitInBody_insertsTheEndpointsField() {
        var model = CATALOG.resolve("pooled").orElseThrow();

        var chat = enforcer.plan(model, Endpoint.CHAT_COMPLETIONS, NO_LIMIT, false, cap(256));
        var completion = enforcer.plan(model, Endpoint.COMPLETIONS, NO_LIMIT, false, cap(256));
        var embedding = enforcer.plan(model, Endpoint.EMBEDDINGS, NO_LIMIT, false, cap(256));

        assertThat(chat.edits()).containsExactly(new ForwardedBody.Edit(1, 1, "\"max_completion_tokens\":256,"));
        assertThat(completion.edits()).containsExactly(new ForwardedBody.Edit(1, 1, "\"max_tokens\":256,"));
        assertThat(embedding.edits()).isEmpty();
        assertThat(chat.summary()).containsExactly("max_output_tokens=256 added as max_completion_tokens");
        assertThat(embedding.summary()).containsExactly("max_output_tokens=256 (no output)");
    }

    @Test
    void plan_headerNotAllowedOrWithLineBreak_refused() {
        var model = CATALOG.resolve("pooled").orElseThrow();
        var secret = conditions(Optional.empty(), OptionalLong.empty(), Map.of("x-secret", "1"), List.of());
        var split = conditions(Optional.empty(), OptionalLong.empty(), Map.of("x-llmgw-team", "a\r\nx: y"), List.of());

        assertThatThrownBy(() -> enforcer.plan(model, Endpoint.CHAT_COMPLETIONS, NO_LIMIT, false, secret))
                .hasMessageContaining("obligations.upstream_headers.x-secret");
        assertThatThrownBy(() -> enforcer.plan(model, Endpoint.CHAT_COMPLETIONS, NO_LIMIT, false, split))
                .hasMessageContaining("control characters");
    }

    @Test
    void plan_tokenLimitOnStream_asksForUsageOnce() {
        var model = CATALOG.resolve("pooled").orElseThrow();
        var limit = new CallConditions.Limit("unit:tokens", 0, 100, Duration.ofMinutes(1), "rate_limited");
        var both = conditions(Optional.empty(), OptionalLong.of(256), Map.of(), List.of(limit));

        var plan = enforcer.plan(model, Endpoint.CHAT_COMPLETIONS, NO_LIMIT, true, both);

        assertThat(plan.dropUsageEvent()).isTrue();
        var counted = (Applied.RateLimits) plan.applied().getLast();
        assertThat(counted.usageRequested()).isTrue();
        assertThat(counted.buckets()).singleElement().satisfies(c -> {
            assertThat(c.bucket()).isEqualTo("unit:tokens");
            assertThat(c.tokenLimit()).isEqualTo(100);
            assertThat(c.requests()).isEqualTo(1);
        });
        assertThat(plan.edits()).containsExactly(new ForwardedBody.Edit(1, 1,
                "\"max_completion_tokens\":256,\"stream_options\":{\"include_usage\":true},"));
    }

    @Test
    void plan_requestLimitSpent_rateLimited() {
        var model = CATALOG.resolve("pooled").orElseThrow();
        var limit = new CallConditions.Limit("unit:requests", 1, 0, Duration.ofHours(1), "rate_limited");
        var limited = conditions(Optional.empty(), OptionalLong.empty(), Map.of(), List.of(limit));
        enforcer.plan(model, Endpoint.CHAT_COMPLETIONS, NO_LIMIT, false, limited);

        assertThatThrownBy(() -> enforcer.plan(model, Endpoint.CHAT_COMPLETIONS, NO_LIMIT, false, limited))
                .isInstanceOf(RateLimitedException.class);
    }
}
