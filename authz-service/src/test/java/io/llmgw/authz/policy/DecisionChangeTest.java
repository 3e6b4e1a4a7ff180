package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** How replay and shadow evaluation name the difference between two decisions on one input. */
class DecisionChangeTest {

    private static final Reason DENIED = new Reason("key_model_access_denied", "no");
    private static final Reason BLOCKED = new Reason("model_blocked", "blocked");

    private static PolicyDecision.Allow allow(Obligations obligations) {
        return new PolicyDecision.Allow(List.of(), obligations);
    }

    private static Obligations capped(long tokens) {
        return new Obligations(Optional.empty(), OptionalLong.of(tokens), Map.of(), List.of());
    }

    @Test
    void between_eachKindOfDifference_namedByItsMostImportantChange() {
        var plain = allow(Obligations.NONE);
        var deny = new PolicyDecision.Deny(List.of(DENIED), 403);

        assertThat(DecisionChange.between(plain, deny)).contains(DecisionChange.ALLOW_TO_DENY);
        assertThat(DecisionChange.between(deny, plain)).contains(DecisionChange.DENY_TO_ALLOW);
        assertThat(DecisionChange.between(deny, new PolicyDecision.Deny(List.of(BLOCKED, DENIED), 403)))
                .contains(DecisionChange.REASONS_CHANGED);
        assertThat(DecisionChange.between(deny, new PolicyDecision.Deny(List.of(new Reason(DENIED.code(), "other")), 403)))
                .contains(DecisionChange.DETAILS_CHANGED);
        assertThat(DecisionChange.between(deny, new PolicyDecision.Deny(List.of(DENIED), 404)))
                .contains(DecisionChange.DETAILS_CHANGED);
        assertThat(DecisionChange.between(deny, new PolicyDecision.Deny(List.of(DENIED), 403))).isEmpty();
    }

    @Test
    void between_allowsUnderOtherObligations_obligationsChanged() {
        var routed = allow(new Obligations(Optional.of(List.of("eu-1")), OptionalLong.empty(), Map.of(), List.of()));
        var limited = allow(new Obligations(Optional.empty(), OptionalLong.empty(), Map.of(),
                List.of(new RateLimit("team:demo", 60, 0, Duration.ofMinutes(1), "rate_limited"))));

        assertThat(DecisionChange.between(allow(Obligations.NONE), allow(capped(256))))
                .contains(DecisionChange.OBLIGATIONS_CHANGED);
        assertThat(DecisionChange.between(allow(capped(256)), allow(capped(1024))))
                .contains(DecisionChange.OBLIGATIONS_CHANGED);
        assertThat(DecisionChange.between(routed, allow(Obligations.NONE))).contains(DecisionChange.OBLIGATIONS_CHANGED);
        assertThat(DecisionChange.between(limited, allow(Obligations.NONE))).contains(DecisionChange.OBLIGATIONS_CHANGED);
        assertThat(DecisionChange.between(allow(capped(256)), allow(capped(256)))).isEmpty();
        assertThat(DecisionChange.of("obligations-changed")).contains(DecisionChange.OBLIGATIONS_CHANGED);
    }
}
