package io.llmgw.authz.grpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgw.authz.v1.CandidateDeployment;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.ListAllowedModelsRequest;
import io.llmgw.authz.v1.ModelResolution;
import io.llmgw.authz.v1.Operation;
import io.llmgw.authz.v1.Principal;
import io.llmgw.authz.v1.RequestInfo;
import io.llmgw.authz.v1.RequestParams;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps requests to the policy input document (policies/schema/input.json).
 * Every field is always present, with proto defaults for unset ones, so policies see one
 * stable shape.
 */
final class PolicyInputMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PolicyInputMapper() {}

    /** The input of a single check: {@code principal}, {@code model}, {@code operation}, {@code request}. */
    static ObjectNode toInput(CheckRequest request) {
        ObjectNode input = NODES.objectNode();
        input.set("principal", principal(request.getPrincipal()));
        input.set("model", model(request.getModel()));
        input.set("operation", operation(request.getOperation()));
        input.set("request", request(request.getRequest()));
        return input;
    }

    /** The input of a listing: as for a check, with the candidates in {@code models} instead of {@code model}. */
    static ObjectNode toInput(ListAllowedModelsRequest request) {
        ObjectNode input = NODES.objectNode();
        input.set("principal", principal(request.getPrincipal()));
        ArrayNode models = input.putArray("models");
        request.getModelsList().forEach(m -> models.add(model(m)));
        input.set("operation", operation(request.getOperation()));
        input.set("request", request(request.getRequest()));
        return input;
    }

    private static ObjectNode principal(Principal p) {
        ObjectNode node = NODES.objectNode()
                .put("key_id", p.getKeyId())
                .put("team_id", p.getTeamId())
                .put("user_id", p.getUserId());
        node.set("key_models", strings(p.getKeyModelsList()));
        node.set("team_models", strings(p.getTeamModelsList()));
        node.set("metadata", sorted(p.getMetadataMap()));
        node.set("team_metadata", sorted(p.getTeamMetadataMap()));
        return node;
    }

    private static ObjectNode model(ModelResolution m) {
        ObjectNode node = NODES.objectNode()
                .put("requested", m.getRequested())
                .put("resolved", m.getResolved())
                .put("deployment", m.getDeployment())
                .put("provider", m.getProvider());
        node.set("access_groups", strings(m.getAccessGroupsList()));
        node.set("tags", strings(m.getTagsList()));
        node.put("hidden", m.getHidden());
        ArrayNode candidates = node.putArray("candidates");
        m.getCandidatesList().forEach(c -> candidates.add(candidate(c)));
        return node;
    }

    private static ObjectNode candidate(CandidateDeployment c) {
        ObjectNode node = NODES.objectNode()
                .put("id", c.getId())
                .put("provider", c.getProvider())
                .put("resolved", c.getResolved());
        node.set("access_groups", strings(c.getAccessGroupsList()));
        node.set("tags", strings(c.getTagsList()));
        return node;
    }

    private static ObjectNode operation(Operation o) {
        return NODES.objectNode()
                .put("endpoint", o.getEndpoint())
                .put("method", o.getMethod())
                .put("path", o.getPath())
                .put("stream", o.getStream());
    }

    private static ObjectNode request(RequestInfo r) {
        ObjectNode node = NODES.objectNode()
                .put("request_id", r.getRequestId())
                .put("client_address", r.getClientAddress());
        Instant time = r.hasTime() ? Instant.ofEpochSecond(r.getTime().getSeconds(), r.getTime().getNanos()) : null;
        // RFC 3339 in UTC with 0, 3, 6 or 9 fraction digits, as protobuf's Timestamps.toString
        // writes it, without its SimpleDateFormat and String.format on every check.
        node.put("time", time == null ? "" : DateTimeFormatter.ISO_INSTANT.format(time));
        node.set("clock", clock(time == null ? Instant.now() : time));
        if (r.hasParams()) {
            node.set("params", params(r.getParams()));
        }
        node.set("headers", sorted(r.getHeadersMap()));
        return node;
    }

    /**
     * The request time to the hour, in UTC: what rules about times of day read, since the wasm
     * target has no clock. Coarse on purpose: it is part of the decision-cache key of a policy
     * that reads it, which then changes once an hour.
     */
    static ObjectNode clock(Instant time) {
        ZonedDateTime utc = time.atZone(ZoneOffset.UTC);
        return NODES.objectNode().put("weekday", utc.getDayOfWeek().getValue()).put("hour", utc.getHour());
    }

    /** Unset optional numbers are {@code null}, so a policy can tell "not asked" from 0. */
    private static ObjectNode params(RequestParams p) {
        ObjectNode node = NODES.objectNode();
        if (p.hasMaxOutputTokens()) {
            node.put("max_output_tokens", p.getMaxOutputTokens());
        } else {
            node.putNull("max_output_tokens");
        }
        if (p.hasN()) {
            node.put("n", p.getN());
        } else {
            node.putNull("n");
        }
        node.put("stream", p.getStream());
        if (p.hasTemperature()) {
            node.put("temperature", p.getTemperature());
        } else {
            node.putNull("temperature");
        }
        node.set("tool_names", strings(p.getToolNamesList()));
        return node.put("tool_count", p.getToolCount())
                .put("tool_choice", p.getToolChoice())
                .put("response_format", p.getResponseFormat())
                .put("has_images", p.getHasImages())
                .put("has_audio", p.getHasAudio())
                .put("reasoning_effort", p.getReasoningEffort())
                .put("input_bytes", p.getInputBytes());
    }

    /** A string map as an object with sorted keys, so equal maps give equal documents. */
    private static ObjectNode sorted(Map<String, String> values) {
        ObjectNode node = NODES.objectNode();
        if (values.size() == 1) {
            values.forEach(node::put);
        } else if (!values.isEmpty()) {
            new TreeMap<>(values).forEach(node::put);
        }
        return node;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode(values.size());
        values.forEach(array::add);
        return array;
    }
}
