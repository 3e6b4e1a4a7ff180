package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecisionDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static PolicyDecision read(String resultSet) throws Exception {
        return DecisionDocument.fromResultSet(JSON.readTree(resultSet));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[]",
        "{}",
        "[{\"result\": true}]",
        "[{\"result\": {}}]",
        "[{\"result\": {\"allow\": \"true\"}}]",
        "[{\"result\": {\"allow\": null}}]",
        "[{\"result\": {\"allow\": true, \"reasons\": \"none\"}}]",
        "[{\"result\": {\"allow\": true, \"reasons\": [{\"code\": 1}]}}]",
        "[{\"result\": {\"allow\": true, \"reasons\": [{\"code\": \"c\"}]}}]",
        "[{\"result\": {\"allow\": true, \"reasons\": [{\"message\": \"m\"}]}}]",
        "[{\"result\": {\"allow\": true, \"http_status\": 99}}]",
        "[{\"result\": {\"allow\": false, \"http_status\": 600}}]",
        "[{\"result\": {\"allow\": false, \"http_status\": 403.5}}]",
        "[{\"result\": {\"allow\": false, \"http_status\": \"403\"}}]",
        "[{\"result\": {\"allow\": true}}, {\"result\": {\"allow\": true}}]",
    })
    void fromResultSet_malformedResult_deniesAsInvalid(String resultSet) throws Exception {
        PolicyDecision decision = read(resultSet);

        assertThat(decision).isInstanceOf(PolicyDecision.Deny.class);
        assertThat(DecisionDocument.isInvalid(decision)).isTrue();
        assertThat(((PolicyDecision.Deny) decision).httpStatus()).isZero();
        assertThat(decision.reasons()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(DecisionDocument.INVALID_CODE);
            assertThat(r.message()).startsWith("the access policy returned an invalid decision: ");
        });
    }

    @Test
    void fromResultSet_eachFault_namedInTheReason() throws Exception {
        assertThat(read("[]").reasons().getFirst().message()).endsWith("undefined for this input");
        assertThat(read("[{\"result\": {}}, {\"result\": {}}]").reasons().getFirst().message())
                .endsWith("the decision has 2 results, expected one");
        assertThat(read("[{\"result\": 1}]").reasons().getFirst().message()).endsWith("not an object");
        assertThat(read("[{\"result\": {}}]").reasons().getFirst().message()).endsWith("'allow' is missing or not a boolean");
        assertThat(read("[{\"result\": {\"allow\": true, \"reasons\": 1}}]").reasons().getFirst().message())
                .endsWith("'reasons' must be a list of {code, message} strings");
        assertThat(read("[{\"result\": {\"allow\": true, \"http_status\": 0}}]").reasons().getFirst().message())
                .endsWith("'http_status' must be an integer from 100 to 599");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{\"result\": {\"allow\": true}}]",
        "[{\"result\": {\"allow\": true, \"reasons\": [], \"http_status\": 200}}]",
        "[{\"result\": {\"allow\": true, \"http_status\": 100}}]",
        "[{\"result\": {\"allow\": true, \"http_status\": 599}}]",
    })
    void fromResultSet_wellFormedAllow_allows(String resultSet) throws Exception {
        assertThat(read(resultSet)).isInstanceOf(PolicyDecision.Allow.class);
    }

    @Test
    void fromResultSet_denyWithStatusAtTheBounds_keepsStatusAndReasonsInOrder() throws Exception {
        PolicyDecision low = read("""
                [{"result": {"allow": false, "http_status": 100,
                             "reasons": [{"code": "a", "message": "first"}, {"code": "b", "message": "second"}]}}]""");
        PolicyDecision high = read("[{\"result\": {\"allow\": false, \"http_status\": 599}}]");

        assertThat(low).isEqualTo(new PolicyDecision.Deny(List.of(new Reason("a", "first"), new Reason("b", "second")),
                100));
        assertThat(high).isEqualTo(new PolicyDecision.Deny(List.of(), 599));
        assertThat(DecisionDocument.isInvalid(low)).isFalse();
        assertThat(DecisionDocument.isInvalid(high)).isFalse();
    }

    @Test
    void fromResultSet_denyWithoutStatus_statusZero() throws Exception {
        assertThat(read("[{\"result\": {\"allow\": false}}]")).isEqualTo(new PolicyDecision.Deny(List.of(), 0));
    }

    @Test
    void fromResultSet_allowWithReasons_keepsThem() throws Exception {
        assertThat(read("[{\"result\": {\"allow\": true, \"reasons\": [{\"code\": \"c\", \"message\": \"m\"}]}}]"))
                .isEqualTo(new PolicyDecision.Allow(List.of(new Reason("c", "m"))));
    }

    @Test
    void isInvalid_allowOrDenyWithOtherCode_false() {
        assertThat(DecisionDocument.isInvalid(new PolicyDecision.Allow(List.of()))).isFalse();
        assertThat(DecisionDocument.isInvalid(new PolicyDecision.Deny(List.of(), 403))).isFalse();
        assertThat(DecisionDocument.isInvalid(new PolicyDecision.Deny(List.of(new Reason("key_model_access_denied", "")),
                403))).isFalse();
    }

    @Test
    void modelsFromResultSet_listOfNames_inOrder() throws Exception {
        assertThat(DecisionDocument.modelsFromResultSet(JSON.readTree("[{\"result\": [\"b\", \"a\"]}]")))
                .contains(List.of("b", "a"));
        assertThat(DecisionDocument.modelsFromResultSet(JSON.readTree("[{\"result\": []}]"))).contains(List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{}", "[{\"result\": \"a\"}]", "[{\"result\": [\"a\", 1]}]",
        "[{\"result\": [\"a\"]}, {\"result\": [\"b\"]}]", "[{}]"})
    void modelsFromResultSet_otherShapes_empty(String resultSet) throws Exception {
        assertThat(DecisionDocument.modelsFromResultSet(JSON.readTree(resultSet))).isEmpty();
    }
}
