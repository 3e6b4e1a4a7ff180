package io.llmgw.authz.grpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.Timestamps;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.ListAllowedModelsRequest;
import io.llmgw.authz.v1.ModelResolution;
import io.llmgw.authz.v1.Operation;
import io.llmgw.authz.v1.Principal;
import io.llmgw.authz.v1.RequestInfo;
import java.util.List;
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
        ObjectNode metadata = node.putObject("metadata");
        new TreeMap<>(p.getMetadataMap()).forEach(metadata::put);
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
        node.put("time", r.hasTime() ? Timestamps.toString(r.getTime()) : "");
        return node;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode(values.size());
        values.forEach(array::add);
        return array;
    }
}
