package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Obligations as the policy states them: read whole, or denied naming what is wrong. */
class ObligationsDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static PolicyDecision decide(String obligations) throws Exception {
        return DecisionDocument.fromDocument(JSON.readTree("{\"allow\": true, \"obligations\": " + obligations + "}"));
    }

    @Test
    void fromDocument_everyObligation_read() throws Exception {
        var allow = (PolicyDecision.Allow) decide("""
                {"deployments": ["eu-1"], "max_output_tokens": 256, "upstream_headers": {"X-Team": "ml"},
                 "rate_limits": [{"bucket": "team:ml", "requests": 60, "per": "minute"}]}""");

        assertThat(allow.obligations()).isEqualTo(new Obligations(java.util.Optional.of(List.of("eu-1")),
                java.util.OptionalLong.of(256), Map.of("x-team", "ml"),
                List.of(new RateLimit("team:ml", 60, 0, Duration.ofMinutes(1), "rate_limited"))));
    }

    @Test
    void fromDocument_unknownObligation_deniedAsFailureToDecide() throws Exception {
        PolicyDecision decision = decide("{\"max_output_tokens\": 5, \"watermark\": true}");

        assertThat(decision.reasons()).extracting(Reason::code).containsExactly("obligation_unknown");
        assertThat(decision.reasons().getFirst().message()).contains("watermark");
        assertThat(DecisionDocument.isInvalid(decision)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"max_output_tokens\": -1}|obligations.max_output_tokens must be an integer from 1",
        "{\"max_output_tokens\": \"256\"}|obligations.max_output_tokens",
        "{\"deployments\": []}|obligations.deployments is empty on an allow",
        "{\"deployments\": [1]}|obligations.deployments[0]",
        "{\"upstream_headers\": {\"Authorization\": \"Bearer x\"}}|obligations.upstream_headers.Authorization",
        "{\"upstream_headers\": {\"x-a\": \"1\\n2\"}}|obligations.upstream_headers.x-a",
        "{\"rate_limits\": [{\"bucket\": \"b\", \"requests\": 5, \"per\": \"week\"}]}|obligations.rate_limits[0].per",
        "{\"rate_limits\": [{\"bucket\": \"b\", \"per\": \"minute\"}]}|obligations.rate_limits[0]: requests or tokens",
        "{\"rate_limits\": [{\"requests\": 5, \"per\": \"minute\"}]}|obligations.rate_limits[0].bucket",
        "{\"rate_limits\": [{\"bucket\": \"b\", \"requests\": 5, \"per\": \"minute\", \"burst\": 2}]}|obligations.rate_limits[0].burst",
        "[]|obligations must be an object",
    })
    void fromDocument_malformedObligation_invalidNamingThePath(String obligations, String path) throws Exception {
        PolicyDecision decision = decide(obligations);

        assertThat(decision).isInstanceOf(PolicyDecision.Deny.class);
        assertThat(decision.reasons()).extracting(Reason::code).containsExactly(DecisionDocument.INVALID_CODE);
        assertThat(decision.reasons().getFirst().message()).contains(path);
    }

    @Test
    void fromDocument_denyWithObligations_obligationsIgnored() throws Exception {
        PolicyDecision decision = DecisionDocument.fromDocument(JSON.readTree(
                "{\"allow\": false, \"reasons\": [], \"obligations\": {\"anything\": 1}}"));

        assertThat(decision).isInstanceOf(PolicyDecision.Deny.class);
        assertThat(DecisionDocument.isInvalid(decision)).isFalse();
    }
}
