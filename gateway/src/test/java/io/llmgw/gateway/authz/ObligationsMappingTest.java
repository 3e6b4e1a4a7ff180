package io.llmgw.gateway.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.util.Durations;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import io.llmgw.authz.v1.Obligations;
import io.llmgw.authz.v1.RateLimit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The obligations of an allow as the gateway reads them, must-understand included. */
class ObligationsMappingTest {

    @Test
    void decision_allowWithObligations_readsEveryOne() {
        var response = CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).setDecisionId("d")
                .setObligations(Obligations.newBuilder().setDeploymentsRestricted(true).addDeployments("eu-1")
                        .setMaxOutputTokens(256).putUpstreamHeaders("x-team", "ml")
                        .addRateLimits(RateLimit.newBuilder().setBucket("b").setRequests(5)
                                .setPer(Durations.fromSeconds(60)).setCode("rate_limited")))
                .build();

        var allowed = (AccessDecision.Allowed) ProtoMapping.decision(response);

        assertThat(allowed.conditions().deployments()).contains(List.of("eu-1"));
        assertThat(allowed.conditions().maxOutputTokens()).hasValue(256);
        assertThat(allowed.conditions().upstreamHeaders()).containsEntry("x-team", "ml");
        assertThat(allowed.conditions().rateLimits()).containsExactly(
                new CallConditions.Limit("b", 5, 0, Duration.ofMinutes(1), "rate_limited"));
    }

    @Test
    void decision_plainAllow_noConditions() {
        var allowed = (AccessDecision.Allowed) ProtoMapping.decision(
                CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).setDecisionId("d").build());

        assertThat(allowed.conditions()).isEqualTo(CallConditions.NONE);
    }

    @Test
    void decision_obligationThisGatewayDoesNotKnow_notUnderstoodNamingFieldAndDecision() {
        // Field 99: an obligation a newer authz-service sends, unknown to this contract.
        var response = CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).setDecisionId("d-new")
                .setObligations(Obligations.newBuilder().setUnknownFields(unknownField(99))).build();

        assertThatThrownBy(() -> ProtoMapping.decision(response))
                .isInstanceOfSatisfying(ObligationNotUnderstoodException.class,
                        e -> assertThat(e.decisionId()).isEqualTo("d-new"))
                .hasMessageContaining("99");
    }

    @Test
    void decision_rateLimitFieldThisGatewayDoesNotKnow_notUnderstoodNamingThePath() {
        var limit = RateLimit.newBuilder().setBucket("b").setRequests(5).setPer(Durations.fromSeconds(60))
                .setUnknownFields(unknownField(42));
        var response = CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).setDecisionId("d-limit")
                .setObligations(Obligations.newBuilder().addRateLimits(limit)).build();

        assertThatThrownBy(() -> ProtoMapping.decision(response)).isInstanceOf(ObligationNotUnderstoodException.class)
                .hasMessageContaining("obligations.rate_limits[0]").hasMessageContaining("42");
    }

    private static UnknownFieldSet unknownField(int number) {
        return UnknownFieldSet.newBuilder().addField(number, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                .build();
    }

    @Test
    void decision_malformedObligations_noUsableDecision() {
        var zeroWindow = Obligations.newBuilder().addRateLimits(RateLimit.newBuilder().setBucket("b").setRequests(1));
        var negativeCap = Obligations.newBuilder().setMaxOutputTokens(-1);
        var noDeployment = Obligations.newBuilder().setDeploymentsRestricted(true);
        for (var obligations : List.of(zeroWindow, negativeCap, noDeployment)) {
            var response = CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).setDecisionId("d")
                    .setObligations(obligations).build();

            assertThatThrownBy(() -> ProtoMapping.decision(response)).isInstanceOf(AuthzUnavailableException.class)
                    .isNotInstanceOf(ObligationNotUnderstoodException.class)
                    .hasMessageContaining("policy_result_invalid");
        }
    }
}
