package io.llmgw.authz.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link DecisionEvent} as one JSON object in the shape of OPA's decision-log
 * events ({@code decision_id}, {@code path}, {@code input}, {@code result}, {@code timestamp},
 * {@code bundles.<name>.revision}, {@code metrics}, {@code labels}), so OPA tooling and
 * collectors read it unchanged. Masked input fields are removed and listed in {@code erased},
 * as OPA does. {@code metrics.counter_decision_cache_hit} is 1 for a decision reused from the
 * decision cache (its {@code timer_rego_query_eval_ns} is then the lookup), 0 otherwise.
 */
final class EventFormatter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String bundleName;
    private final Map<String, String> labels;
    private final List<String> maskedPointers;

    /**
     * @param bundleName name under {@code bundles} for the revision
     * @param labels static labels of this service instance
     * @param maskedPointers JSON pointers into the input to erase, e.g. {@code /principal/metadata/email}
     */
    EventFormatter(String bundleName, Map<String, String> labels, List<String> maskedPointers) {
        this.bundleName = bundleName;
        this.labels = Map.copyOf(labels);
        this.maskedPointers = List.copyOf(maskedPointers);
    }

    String format(DecisionEvent event) {
        ObjectNode json = NODES.objectNode();
        ObjectNode labelsNode = json.putObject("labels");
        labels.forEach(labelsNode::put);
        json.put("decision_id", event.decisionId());
        json.putObject("bundles").putObject(bundleName).put("revision", event.revision());
        json.put("path", event.path());
        // Copy only when something must be erased: the event's input is shared with the caller.
        JsonNode input = maskedPointers.isEmpty() ? event.input() : event.input().deepCopy();
        ArrayNode erased = NODES.arrayNode();
        for (String pointer : maskedPointers) {
            if (input instanceof ObjectNode object && erase(object, pointer)) {
                erased.add("/input" + pointer);
            }
        }
        json.set("input", input);
        if (event.result() != null) {
            json.set("result", event.result());
        }
        if (!erased.isEmpty()) {
            json.set("erased", erased);
        }
        json.put("timestamp", event.timestamp().toString());
        json.putObject("metrics")
                .put("timer_rego_query_eval_ns", event.evaluation().toNanos())
                .put("timer_server_handler_ns", event.handling().toNanos())
                .put("counter_decision_cache_hit", event.cached() ? 1 : 0);
        return json.toString();
    }

    /** Removes the field at {@code pointer}; true when there was one. */
    private static boolean erase(ObjectNode root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash <= 0 ? root : root.at(pointer.substring(0, slash));
        String field = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        return parent instanceof ObjectNode object && object.remove(field) != null;
    }
}
