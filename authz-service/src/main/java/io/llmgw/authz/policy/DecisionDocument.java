package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the policy's output document into a {@link PolicyDecision}, failing closed.
 *
 * <p>The expected document is {@code {"allow": bool, "reasons": [{"code", "message"}],
 * "http_status": int, "obligations": {...}}} with only {@code allow} required. Anything else
 * (undefined, not an object, {@code allow} missing or not a boolean, malformed reasons, status
 * or obligations) is a deny with code {@value #INVALID_CODE} whose message names the offending
 * path: a broken policy can never allow. An obligation this service does not know is a deny
 * with code {@value #UNKNOWN_OBLIGATION_CODE} (must-understand; see {@link ObligationsDocument}).
 * Obligations are read on an allow only; a deny carries none.
 */
public final class DecisionDocument {

    /** Reason code for a policy result that does not have the required shape. */
    public static final String INVALID_CODE = "policy_result_invalid";

    /** Reason code for an allow that carries an obligation this service does not know. */
    public static final String UNKNOWN_OBLIGATION_CODE = "obligation_unknown";

    private DecisionDocument() {}

    /**
     * Reads one evaluation result set, as OPA returns it: an array of {@code {"result": ...}},
     * empty when the entrypoint is undefined.
     */
    public static PolicyDecision fromResultSet(JsonNode resultSet) {
        if (!resultSet.isArray() || resultSet.isEmpty()) {
            return invalid("the decision is undefined for this input");
        }
        if (resultSet.size() > 1) {
            return invalid("the decision has " + resultSet.size() + " results, expected one");
        }
        return fromDocument(resultSet.get(0).path("result"));
    }

    /** Reads a decision document. */
    public static PolicyDecision fromDocument(JsonNode doc) {
        if (!doc.isObject()) {
            return invalid("the decision is not an object");
        }
        JsonNode allow = doc.get("allow");
        if (allow == null || !allow.isBoolean()) {
            return invalid("'allow' is missing or not a boolean");
        }
        Optional<List<Reason>> reasons = reasons(doc.get("reasons"));
        if (reasons.isEmpty()) {
            return invalid("'reasons' must be a list of {code, message} strings");
        }
        JsonNode status = doc.get("http_status");
        if (status != null && !(status.isIntegralNumber() && status.asInt() >= 100 && status.asInt() <= 599)) {
            return invalid("'http_status' must be an integer from 100 to 599");
        }
        if (allow.asBoolean()) {
            return switch (ObligationsDocument.read(doc.get("obligations"))) {
                case ObligationsDocument.Valid valid when valid.obligations().deployments()
                        .filter(List::isEmpty).isPresent() ->
                    invalid("obligations.deployments is empty on an allow; deny instead, with a reason");
                case ObligationsDocument.Valid valid -> new PolicyDecision.Allow(reasons.get(), valid.obligations());
                case ObligationsDocument.Invalid bad -> invalid(bad.fault());
                case ObligationsDocument.Unknown unknown -> new PolicyDecision.Deny(List.of(new Reason(
                        UNKNOWN_OBLIGATION_CODE, "the access policy attached an obligation the gateway cannot enforce: "
                        + unknown.name())), 0);
            };
        }
        return new PolicyDecision.Deny(reasons.get(), status == null ? 0 : status.asInt());
    }

    /**
     * Reads a listing result set: one result that is an array of strings. Empty when the
     * result is undefined or has another shape; callers then list nothing.
     */
    public static Optional<List<String>> modelsFromResultSet(JsonNode resultSet) {
        if (!resultSet.isArray() || resultSet.size() != 1) {
            return Optional.empty();
        }
        JsonNode models = resultSet.get(0).path("result");
        if (!models.isArray()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>(models.size());
        for (JsonNode m : models) {
            if (!m.isTextual()) {
                return Optional.empty();
            }
            names.add(m.asText());
        }
        return Optional.of(names);
    }

    private static Optional<List<Reason>> reasons(JsonNode node) {
        List<Reason> reasons = new ArrayList<>();
        if (node == null) {
            return Optional.of(reasons);
        }
        if (!node.isArray()) {
            return Optional.empty();
        }
        for (JsonNode r : node) {
            if (!r.path("code").isTextual() || !r.path("message").isTextual()) {
                return Optional.empty();
            }
            reasons.add(new Reason(r.get("code").asText(), r.get("message").asText()));
        }
        return Optional.of(reasons);
    }

    /**
     * True for the deny this class returns when the policy result was malformed or carried an
     * unknown obligation: a failure to decide rather than a decision.
     */
    public static boolean isInvalid(PolicyDecision decision) {
        return decision instanceof PolicyDecision.Deny deny
                && !deny.reasons().isEmpty()
                && (deny.reasons().getFirst().code().equals(INVALID_CODE)
                        || deny.reasons().getFirst().code().equals(UNKNOWN_OBLIGATION_CODE));
    }

    private static PolicyDecision invalid(String why) {
        return new PolicyDecision.Deny(
                List.of(new Reason(INVALID_CODE, "the access policy returned an invalid decision: " + why)), 0);
    }
}
