package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * Asks a running OPA server ({@code opa run --server}) over its REST data API,
 * {@code POST /v1/data/<entrypoint>}. Results are read exactly as the in-process engine
 * reads them, so both engines fail closed the same way.
 */
public final class RemoteOpaEngine implements PolicyEngine {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI baseUrl;
    private final Entrypoints entrypoints;
    private final Duration timeout;
    private volatile String revision = "opa-server";

    /** @param baseUrl the server's base URL, such as {@code http://127.0.0.1:8181} */
    public RemoteOpaEngine(URI baseUrl, Entrypoints entrypoints, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.baseUrl = baseUrl;
        this.entrypoints = entrypoints;
        this.timeout = timeout;
    }

    @Override
    public Evaluation evaluate(JsonNode input) {
        long start = System.nanoTime();
        PolicyDecision decision = DecisionDocument.fromResultSet(query(entrypoints.decision(), input));
        return new Evaluation(decision, revision, Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public Listing listAllowed(JsonNode input) {
        long start = System.nanoTime();
        var models = DecisionDocument.modelsFromResultSet(query(entrypoints.listing(), input));
        return new Listing(models.orElse(List.of()), revision, Duration.ofNanos(System.nanoTime() - start),
                models.isPresent());
    }

    /** Returns the answer as a result set: {@code [{"result": ...}]}, or {@code []} when undefined. */
    private ArrayNode query(String entrypoint, JsonNode input) {
        ObjectNode body = JSON.createObjectNode();
        body.set("input", input);
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/v1/data/" + entrypoint + "?provenance=true"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new PolicyUnavailableException("OPA server at " + baseUrl + " did not answer: " + e);
        } catch (IOException e) {
            throw new PolicyEvaluationException("OPA server call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyEvaluationException("interrupted while calling the OPA server", e);
        }
        if (response.statusCode() != 200) {
            throw new PolicyEvaluationException("OPA server answered " + response.statusCode() + " for " + entrypoint
                    + ": " + response.body(), null);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new PolicyEvaluationException("OPA server answered with invalid JSON", e);
        }
        answer.path("provenance").path("bundles").forEach(b -> revision = b.path("revision").asText(revision));
        ArrayNode resultSet = JSON.createArrayNode();
        if (answer.has("result")) {
            resultSet.addObject().set("result", answer.get("result"));
        }
        return resultSet;
    }

    @Override
    public String revision() {
        return revision;
    }

    @Override
    public void close() {
        http.close();
    }
}
