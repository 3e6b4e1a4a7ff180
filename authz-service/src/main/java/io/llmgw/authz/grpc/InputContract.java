package io.llmgw.authz.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import io.llmgw.authz.v1.CheckRequest;
import com.google.protobuf.util.Timestamps;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a policy input document is one this service produces: for tools that take inputs
 * from elsewhere (a decision log, a file) and must not feed the policy something no gateway
 * request could map to. It reads the document as a request, applies the service's own
 * request validation and input mapping, and requires the mapping to give back exactly the
 * document, with two allowances: a document recorded before a field was added to the input
 * lacks it ({@link #ADDED}), and {@code request.clock}, which the service derives from the
 * request time, is compared with what that time gives (or, with no time, only checked for shape).
 */
public final class InputContract {

    /** Attributes added to the input document after the first decision logs were written. */
    static final List<String> ADDED = List.of("/principal/team_metadata", "/model/candidates", "/request/clock",
            "/request/headers", "/request/params");

    private InputContract() {}

    /** Empty when {@code input} is a check input the service could have built; else what is wrong. */
    public static Optional<String> checkInputProblem(JsonNode input) {
        if (input == null || !input.isObject()) {
            return Optional.of("the input is not a JSON object");
        }
        Optional<String> clock = clockProblem(input.get("request"));
        if (clock.isPresent()) {
            return clock;
        }
        CheckRequest.Builder request = CheckRequest.newBuilder();
        ObjectNode asRequest = (ObjectNode) input.deepCopy();
        if (asRequest.get("request") instanceof ObjectNode info) {
            // Derived by the mapping, not a request field.
            info.remove("clock");
            if (info.path("time").asText("-").isEmpty()) {
                // The mapping writes an unset time as "", which is not a Timestamp in proto JSON.
                info.remove("time");
            }
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
        if (!producedBy(PolicyInputMapper.toInput(request.build()), input)) {
            return Optional.of("not in the shape the service writes (policies/schema/input.json: every attribute"
                    + " present, none added)");
        }
        return Optional.empty();
    }

    /**
     * Whether the service's {@code mapped} document (a check's or a listing's; changed here)
     * is {@code input}: equal but for attributes {@code input} predates, numbers compared by
     * value, and a clock that the request time does not determine checked for shape only.
     */
    static boolean producedBy(ObjectNode mapped, JsonNode input) {
        boolean timeless = input.path("request").path("time").asText("-").isEmpty();
        if (timeless && mapped.get("request") instanceof ObjectNode info && input.at("/request/clock").isObject()) {
            // Unset time: the service decided at its own receive time, which the document does not hold.
            if (clockProblem(input.get("request")).isPresent()) {
                return false;
            }
            info.set("clock", input.at("/request/clock").deepCopy());
        }
        for (String added : ADDED) {
            int slash = added.lastIndexOf('/');
            String parent = added.substring(0, slash);
            String field = added.substring(slash + 1);
            List<JsonNode> parents = new ArrayList<>();
            if (parent.equals("/model") && mapped.has("models")) {
                for (int i = 0; i < mapped.get("models").size(); i++) {
                    if (input.at("/models/" + i).isObject() && !input.at("/models/" + i).has(field)) {
                        parents.add(mapped.get("models").get(i));
                    }
                }
            } else if (input.at(parent).isObject() && !input.at(parent).has(field)) {
                parents.add(mapped.at(parent));
            }
            parents.forEach(p -> {
                if (p instanceof ObjectNode object) {
                    object.remove(field);
                }
            });
        }
        // Numbers by value: the mapping writes longs where a JSON parser reads ints.
        return mapped.equals((a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1, input);
    }

    /**
     * What is wrong with the {@code clock} of a document's {@code request}: it must be what the
     * request's time gives (to the hour, UTC), or with no time a weekday 1-7 and an hour 0-23.
     * Empty when it is right or absent (documents from before it existed).
     */
    public static Optional<String> clockProblem(JsonNode request) {
        JsonNode clock = request == null ? null : request.get("clock");
        if (clock == null) {
            return Optional.empty();
        }
        String time = request.path("time").asText("");
        boolean right;
        if (time.isEmpty()) {
            right = clock.isObject() && clock.size() == 2 && inRange(clock.get("weekday"), 1, 7)
                    && inRange(clock.get("hour"), 0, 23);
        } else {
            try {
                right = PolicyInputMapper.clock(Instant.ofEpochSecond(Timestamps.parse(time).getSeconds()))
                        .equals((a, b) -> a.isNumber() && b.isNumber()
                                ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1, clock);
            } catch (ParseException e) {
                return Optional.of("request.time is not a timestamp: " + time);
            }
        }
        return right ? Optional.empty()
                : Optional.of("request.clock is not the weekday and hour (UTC) of request.time");
    }

    private static boolean inRange(JsonNode value, int min, int max) {
        return value != null && value.isIntegralNumber() && value.asInt() >= min && value.asInt() <= max;
    }
}
