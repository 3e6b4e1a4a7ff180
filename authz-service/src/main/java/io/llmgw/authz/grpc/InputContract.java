package io.llmgw.authz.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import io.llmgw.authz.v1.CheckRequest;
import java.util.Optional;

/**
 * Whether a policy input document is one this service produces: for tools that take inputs
 * from elsewhere (a decision log, a file) and must not feed the policy something no gateway
 * request could map to. It reads the document as a request, applies the service's own
 * request validation and input mapping, and requires the mapping to give back exactly the
 * document.
 */
public final class InputContract {

    private InputContract() {}

    /** Empty when {@code input} is a check input the service could have built; else what is wrong. */
    public static Optional<String> checkInputProblem(JsonNode input) {
        if (input == null || !input.isObject()) {
            return Optional.of("the input is not a JSON object");
        }
        CheckRequest.Builder request = CheckRequest.newBuilder();
        JsonNode asRequest = input;
        if (input.path("request").path("time").asText("-").isEmpty()) {
            // The mapping writes an unset time as "", which is not a Timestamp in proto JSON.
            asRequest = input.deepCopy();
            ((ObjectNode) asRequest.get("request")).remove("time");
        }
        try {
            JsonFormat.parser().merge(asRequest.toString(), request);
        } catch (InvalidProtocolBufferException e) {
            return Optional.of("not a check input (policies/schema/input.json): " + e.getMessage());
        }
        Status invalid = RequestValidator.validate(request.build());
        if (invalid != null) {
            return Optional.of("the service would refuse this request: " + invalid.getDescription());
        }
        if (!PolicyInputMapper.toInput(request.build()).equals(input)) {
            return Optional.of("not in the shape the service writes (policies/schema/input.json: every attribute"
                    + " present, none added)");
        }
        return Optional.empty();
    }
}
