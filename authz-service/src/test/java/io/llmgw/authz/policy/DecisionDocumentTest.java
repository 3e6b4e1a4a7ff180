package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecisionDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
        "[]",
        "[{\"result\": true}]",
        "[{\"result\": {}}]",
        "[{\"result\": {\"allow\": \"true\"}}]",
        "[{\"result\": {\"allow\": true, \"reasons\": \"none\"}}]",
        "[{\"result\": {\"allow\": true, \"reasons\": [{\"code\": 1}]}}]",
        "[{\"result\": {\"allow\": true, \"http_status\": 99}}]",
        "[{\"result\": {\"allow\": true}}, {\"result\": {\"allow\": true}}]",
    })
    void fromResultSet_malformedResult_deniesAsInvalid(String resultSet) throws Exception {
        PolicyDecision decision = DecisionDocument.fromResultSet(JSON.readTree(resultSet));

        assertThat(decision).isInstanceOf(PolicyDecision.Deny.class);
        assertThat(DecisionDocument.isInvalid(decision)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{\"result\": {\"allow\": true}}]",
        "[{\"result\": {\"allow\": true, \"reasons\": [], \"http_status\": 200}}]",
    })
    void fromResultSet_wellFormedAllow_allows(String resultSet) throws Exception {
        assertThat(DecisionDocument.fromResultSet(JSON.readTree(resultSet))).isInstanceOf(PolicyDecision.Allow.class);
    }
}
