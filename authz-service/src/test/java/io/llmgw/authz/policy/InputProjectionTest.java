package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputProjectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InputProjection PRINCIPAL_AND_MODEL =
            InputProjection.of(List.of(List.of("principal"), List.of("model", "requested"))).orElseThrow();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void key_inputsDifferingOnlyInUnreadAttributes_sameKey() throws Exception {
        String a = PRINCIPAL_AND_MODEL.key(json("""
                {"principal": {"key_id": "k"}, "model": {"requested": "m", "resolved": "r1"},
                 "request": {"request_id": "1"}}"""));
        String b = PRINCIPAL_AND_MODEL.key(json("""
                {"principal": {"key_id": "k"}, "model": {"requested": "m", "resolved": "r2"},
                 "request": {"request_id": "2"}, "operation": {"path": "/v1/x"}}"""));

        assertThat(a).isEqualTo(b);
    }

    @Test
    void key_inputsDifferingInAReadAttribute_differentKeys() throws Exception {
        String a = PRINCIPAL_AND_MODEL.key(json("{\"principal\": {\"key_models\": [\"m\"]}, \"model\": {\"requested\": \"m\"}}"));
        String b = PRINCIPAL_AND_MODEL.key(json("{\"principal\": {\"key_models\": [\"n\"]}, \"model\": {\"requested\": \"m\"}}"));
        String c = PRINCIPAL_AND_MODEL.key(json("{\"principal\": {\"key_models\": [\"m\"]}, \"model\": {\"requested\": \"n\"}}"));

        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void key_missingNullAndWrongTypedAttributes_allDifferent() throws Exception {
        List<String> keys = List.of(
                PRINCIPAL_AND_MODEL.key(json("{\"principal\": {}}")),
                PRINCIPAL_AND_MODEL.key(json("{\"principal\": {}, \"model\": null}")),
                PRINCIPAL_AND_MODEL.key(json("{\"principal\": {}, \"model\": {\"requested\": null}}")),
                PRINCIPAL_AND_MODEL.key(json("{\"principal\": {}, \"model\": \"requested\"}")),
                PRINCIPAL_AND_MODEL.key(json("{\"principal\": {}, \"model\": {}}")),
                PRINCIPAL_AND_MODEL.key(json("[]")));

        // The model path is absent in all but the third; the model itself differs, but only
        // model.requested is read: missing everywhere except the null of the third case.
        assertThat(keys.get(2)).isNotEqualTo(keys.get(0));
        assertThat(keys.get(0)).isEqualTo(keys.get(1)).isEqualTo(keys.get(3)).isEqualTo(keys.get(4));
        assertThat(keys.get(5)).isNotEqualTo(keys.get(0));
    }

    @Test
    void of_pathCoveredByAShorterOne_isDropped() {
        InputProjection projection = InputProjection.of(List.of(List.of("principal", "team_id"), List.of("model"),
                List.of("principal"), List.of("model"))).orElseThrow();

        assertThat(projection.describe()).containsExactly("input.model", "input.principal");
    }

    @Test
    void of_wholeInputRead_noProjection() {
        assertThat(InputProjection.of(List.of(List.of("principal"), List.of()))).isEmpty();
    }

    @Test
    void key_noPathsRead_everyInputSameKey() throws Exception {
        InputProjection none = InputProjection.of(List.of()).orElseThrow();

        assertThat(none.key(json("{\"a\": 1}"))).isEqualTo(none.key(json("{\"b\": 2}")));
    }

    @Test
    void prune_keepsReadPathsAndTheObjectsLeadingToThem_dropsTheRest() throws Exception {
        JsonNode input = json("""
                {"principal": {"key_id": "k", "key_models": ["m"]}, "model": {"requested": "m", "resolved": "r"},
                 "request": {"request_id": "1"}, "operation": {"path": "/v1/x"}}""");

        JsonNode pruned = PRINCIPAL_AND_MODEL.prune(input);

        assertThat(pruned).isEqualTo(json("""
                {"principal": {"key_id": "k", "key_models": ["m"]}, "model": {"requested": "m"}}"""));
        assertThat(pruned.get("principal")).isSameAs(input.get("principal"));
    }

    @Test
    void prune_pathThroughMissingOrNonObjectValue_leavesNoEmptyObjectBehind() throws Exception {
        assertThat(PRINCIPAL_AND_MODEL.prune(json("{\"principal\": null}"))).isEqualTo(json("{\"principal\": null}"));
        assertThat(PRINCIPAL_AND_MODEL.prune(json("{\"model\": {\"resolved\": \"r\"}}"))).isEqualTo(json("{}"));
        assertThat(PRINCIPAL_AND_MODEL.prune(json("{\"model\": \"m\"}"))).isEqualTo(json("{}"));
    }

    @Test
    void prune_inputNotAnObject_unchanged() throws Exception {
        JsonNode array = json("[1, 2]");

        assertThat(PRINCIPAL_AND_MODEL.prune(array)).isSameAs(array);
    }

    @Test
    void prune_twoPathsUnderOneObject_bothKeptInIt() throws Exception {
        InputProjection projection = InputProjection.of(List.of(List.of("model", "requested"),
                List.of("model", "resolved"), List.of("principal", "grants", "key"))).orElseThrow();

        assertThat(projection.prune(json("""
                {"model": {"requested": "a", "resolved": "b", "deployment": "d"},
                 "principal": {"grants": {"key": ["x"], "team": ["y"]}, "key_id": "k"}}""")))
                .isEqualTo(json("{\"model\": {\"requested\": \"a\", \"resolved\": \"b\"},"
                        + " \"principal\": {\"grants\": {\"key\": [\"x\"]}}}"));
        assertThat(projection.describe()).containsExactly("input.model.requested", "input.model.resolved",
                "input.principal.grants.key");
    }

    @Test
    void of_samePathTwiceOrCoveredOnes_keptOnce() {
        InputProjection projection = InputProjection.of(List.of(List.of("model", "requested"), List.of("model"),
                List.of("model", "requested"), List.of("models"))).orElseThrow();

        assertThat(projection.describe()).containsExactly("input.model", "input.models");
    }

    @Test
    void of_pathsSharingOnlyANamePrefix_bothKept() {
        InputProjection projection = InputProjection.of(List.of(List.of("model"), List.of("models", "x"))).orElseThrow();

        assertThat(projection.describe()).containsExactly("input.model", "input.models.x");
    }
}
