package io.llmgw.authz.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.llmgw.authz.grpc.InputContract;
import io.llmgw.authz.policy.PolicyBuilds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The remembered verdicts agree with the contract checked on the whole input, for every golden
 * fixture's input (valid and invalid ones, with and without the clock derived from the time)
 * with its request id and time replaced by valid, non-canonical and invalid values, asked twice
 * so that the second answer comes from memory.
 */
class ContractVerdictsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> REQUEST_IDS = List.of(new TextNode("req-1"), new TextNode(""),
            new TextNode("x".repeat(5_000)), IntNode.valueOf(7), NullNode.getInstance());
    private static final List<JsonNode> TIMES = List.of(new TextNode(""), new TextNode("2026-12-01T10:00:00Z"),
            new TextNode("2026-12-01T10:00:00.500Z"), new TextNode("2026-12-01T10:00:00.000Z"),
            new TextNode("yesterday"), IntNode.valueOf(5));

    @Test
    void problem_everyFixtureInputAndRequestVariant_sameVerdictAsWholeInputContract() throws IOException {
        List<JsonNode> inputs = variants();
        ContractVerdicts verdicts = new ContractVerdicts();
        int valid = 0;
        for (int round = 0; round < 2; round++) {
            for (JsonNode input : inputs) {
                var expected = InputContract.checkInputProblem(input);
                assertThat(verdicts.problem(input)).as("round %d, %s", round, input).isEqualTo(expected);
                valid += expected.isEmpty() ? 1 : 0;
            }
        }
        // Both kinds are exercised: inputs the service could have written, and ones it could not.
        assertThat(valid).isPositive().isLessThan(inputs.size() * 2);
    }

    @Test
    void problem_notAnObjectOrNoRequest_wholeContractSaysWhy() {
        ContractVerdicts verdicts = new ContractVerdicts();
        for (JsonNode input : List.of(new TextNode("x"), JSON.createObjectNode(),
                JSON.createObjectNode().put("request", "x"))) {
            assertThat(verdicts.problem(input)).isEqualTo(InputContract.checkInputProblem(input)).isPresent();
        }
        assertThat(verdicts.problem(null)).isEqualTo(InputContract.checkInputProblem(null)).isPresent();
    }

    private static List<JsonNode> variants() throws IOException {
        // The obligations cases carry request.clock, which a changed time no longer matches.
        List<JsonNode> fixtures = new ArrayList<>();
        for (String file : List.of("fixtures/checks/data.json", "fixtures/obligations/data.json")) {
            JSON.readTree(PolicyBuilds.SOURCES.getParent().resolve(file).toFile()).forEach(fixtures::add);
        }
        List<JsonNode> inputs = new ArrayList<>();
        for (JsonNode fixture : fixtures) {
            JsonNode input = fixture.path("input");
            inputs.add(input);
            if (!(input.path("request") instanceof ObjectNode)) {
                continue;
            }
            for (JsonNode id : REQUEST_IDS) {
                for (JsonNode time : TIMES) {
                    ObjectNode variant = (ObjectNode) input.deepCopy();
                    ((ObjectNode) variant.get("request")).set("request_id", id);
                    ((ObjectNode) variant.get("request")).set("time", time);
                    inputs.add(variant);
                }
            }
        }
        return inputs;
    }
}
