package io.llmgw.authz.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.RequestParams;
import org.junit.jupiter.api.Test;

/**
 * The replay tools' guard: documents the service writes today and those it wrote before the
 * request facts were added pass; a document no request maps to does not.
 */
class InputContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode mapped() throws Exception {
        var request = CheckRequest.newBuilder();
        com.google.protobuf.util.JsonFormat.parser().merge("""
                {"principal": {"key_id": "k1", "team_id": "ml", "key_models": ["*"], "team_metadata": {"tier": "x"}},
                 "model": {"requested": "m", "resolved": "m-1", "deployment": "d1", "provider": "mock",
                           "candidates": [{"id": "d1", "provider": "mock", "resolved": "m-1", "tags": ["eu"]}]},
                 "operation": {"endpoint": "chat.completions", "method": "POST", "path": "/v1/chat/completions"},
                 "request": {"request_id": "r1", "time": "2026-12-01T20:30:00Z", "headers": {"x-project": "apollo"}}}
                """, request);
        request.getRequestBuilder().setParams(RequestParams.newBuilder().setMaxOutputTokens(4000).setToolCount(1)
                .addToolNames("get_weather").setInputBytes(512));
        // Through JSON text, as a decision log holds it (ints where the mapping wrote longs).
        return (ObjectNode) JSON.readTree(PolicyInputMapper.toInput(request.build()).toString());
    }

    @Test
    void checkInputProblem_documentTheServiceWritesToday_accepted() throws Exception {
        JsonNode input = mapped();
        assertThat(input.at("/request/clock/hour").asInt()).isEqualTo(20);

        assertThat(InputContract.checkInputProblem(input)).isEmpty();
    }

    @Test
    void checkInputProblem_documentFromBeforeTheRequestFacts_accepted() throws Exception {
        ObjectNode input = mapped();
        ((ObjectNode) input.get("request")).remove(java.util.List.of("clock", "params", "headers"));
        ((ObjectNode) input.get("principal")).remove("team_metadata");
        ((ObjectNode) input.get("model")).remove("candidates");

        assertThat(InputContract.checkInputProblem(input)).isEmpty();
    }

    @Test
    void checkInputProblem_clockTheTimeDoesNotGive_refused() throws Exception {
        ObjectNode input = mapped();
        ((ObjectNode) input.at("/request/clock")).put("hour", 9);

        assertThat(InputContract.checkInputProblem(input)).isPresent();
    }

    @Test
    void checkInputProblem_unknownParam_refused() throws Exception {
        ObjectNode input = mapped();
        ((ObjectNode) input.at("/request/params")).put("prompt", "secret");

        assertThat(InputContract.checkInputProblem(input)).isPresent();
    }
}
