package io.llmgw.authz.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.Timestamps;
import io.llmgw.authz.grpc.InputContract;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link InputContract#checkInputProblem} for many inputs that differ mostly in the attributes
 * of the single request: the request id and time, different on every line of a decision log,
 * are checked here on their own, and the contract's verdict on the rest of the input is
 * remembered, so a log of a million checks by a few thousand keys runs the contract (a
 * protobuf JSON parse, the service's validation and its mapping back) a few thousand times.
 * The verdict is the same as the contract's on the whole input: the service maps each of those
 * attributes on its own (the clock it derives from the time is checked against that time here),
 * so an input passes exactly when they are valid and the input with
 * them replaced by fixed valid values passes. Thread-safe; at most {@value #MAX_REMEMBERED}
 * verdicts are kept, beyond that inputs are checked whole.
 */
final class ContractVerdicts {

    static final int MAX_REMEMBERED = 200_000;
    private static final String REQUEST_ID = "request_id";
    private static final String TIME = "time";
    private static final String FIXED_TIME = "1970-01-01T00:00:00Z";

    private final Map<JsonNode, Optional<String>> verdicts = new ConcurrentHashMap<>();

    /** Empty when {@code input} is a check input the service could have built; else what is wrong. */
    Optional<String> problem(JsonNode input) {
        JsonNode request = input == null ? null : input.get("request");
        if (!(request instanceof ObjectNode) || !plainText(request.get(REQUEST_ID)) || !validTime(request.get(TIME))) {
            return InputContract.checkInputProblem(input);
        }
        // The clock is derived from the time: checked here against this input's time, so the
        // verdict on the rest holds for every input sharing it.
        Optional<String> clock = InputContract.clockProblem(request);
        if (clock.isPresent()) {
            return clock;
        }
        ObjectNode rest = (ObjectNode) input.deepCopy();
        ObjectNode restRequest = (ObjectNode) rest.get("request");
        restRequest.remove("clock");
        restRequest.put(REQUEST_ID, "");
        if (!restRequest.get(TIME).asText().isEmpty()) {
            restRequest.put(TIME, FIXED_TIME);
        }
        Optional<String> known = verdicts.get(rest);
        if (known != null) {
            return known;
        }
        Optional<String> verdict = InputContract.checkInputProblem(input);
        if (verdicts.size() < MAX_REMEMBERED) {
            verdicts.put(rest, verdict);
        }
        return verdict;
    }

    /** A string the service accepts as a request id in any request (longer ones take the whole check). */
    private static boolean plainText(JsonNode value) {
        return value != null && value.isTextual() && value.asText().length() <= 4_096;
    }

    /** Empty, or a timestamp in the one form the service writes. */
    private static boolean validTime(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return false;
        }
        String text = value.asText();
        if (text.isEmpty()) {
            return true;
        }
        try {
            return Timestamps.toString(Timestamps.parse(text)).equals(text);
        } catch (ParseException | IllegalArgumentException e) {
            return false;
        }
    }
}
