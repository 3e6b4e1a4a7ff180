package io.llmgw.authz.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.llmgw.authz.TestConfigs;
import io.llmgw.auditlog.LineSinks;
import io.llmgw.authz.audit.AsyncDecisionLog;
import io.llmgw.authz.observe.AuthzMetrics;
import io.llmgw.authz.config.AuthzConfig;
import io.llmgw.authz.policy.CachingPolicyEngine;
import io.llmgw.authz.policy.DecisionDocument;
import io.llmgw.authz.policy.Entrypoints;
import io.llmgw.authz.policy.PolicyBundle;
import io.llmgw.authz.policy.WasmPolicyEngine;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import io.llmgw.authz.v1.ListAllowedModelsRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the golden cases of policies/fixtures, which the Rego tests also run, through the
 * compiled wasm bundle: the Java engine must agree with {@code opa test} case for case. Cases
 * whose input is a valid request also go through the gRPC service, and the service's input
 * mapping must rebuild exactly the fixture's input document. The service answers through the
 * decision cache, asked twice per case with different request metadata; and every case is
 * also evaluated with the attributes the bundle declares unread changed, which must not
 * change a decision, or the cache key would leave out something the policy reads.
 */
class GoldenFixturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of(System.getProperty("llmgw.policy.src")).resolveSibling("fixtures");
    private static final List<AutoCloseable> OPEN = new ArrayList<>();
    private static final Map<String, Served> BY_SETTINGS = new LinkedHashMap<>();

    private static final AtomicInteger LISTINGS_OVER_GRPC = new AtomicInteger();

    @AfterAll
    static void closeAll() throws Exception {
        for (AutoCloseable c : OPEN) {
            c.close();
        }
        // Most listings are documents the service builds; a mapping bug must not skip them all.
        assertThat(LISTINGS_OVER_GRPC.get()).as("listings checked through gRPC").isGreaterThanOrEqualTo(12);
    }

    @TestFactory
    Stream<DynamicTest> checks() throws IOException {
        Stream<JsonNode> all = Stream.concat(cases("checks/data.json"), cases("obligations/data.json"));
        return all.map(c -> DynamicTest.dynamicTest(c.path("name").asText(), () -> {
            Served served = served(c.path("settings"));
            JsonNode input = c.path("input");
            JsonNode expected = c.path("decision");
            assertThat(served.engine.evaluate(input).decision()).isEqualTo(DecisionDocument.fromDocument(expected));
            assertThat(served.engine.evaluate(withUnreadChanged(input, served.read)).decision())
                    .as("decision with unread attributes changed").isEqualTo(DecisionDocument.fromDocument(expected));
            Optional<CheckRequest> request = asCheckRequest(input);
            // Cases about malformed input hand the policy documents the service never builds.
            String name = c.path("name").asText();
            boolean malformed = name.startsWith("input_") || name.contains("InputMalformed");
            assertThat(request.isPresent()).as("input maps to a request and back").isEqualTo(!malformed);
            if (request.isPresent()) {
                CheckRequest again = request.get().toBuilder().setRequest(request.get().getRequest().toBuilder()
                        .setRequestId("another-request").setClientAddress("192.0.2.7")).build();
                for (CheckRequest asked : List.of(request.get(), again)) {
                    CheckResponse response = served.stub.check(asked);
                    assertThat(response.getDecision()).isEqualTo(expected.path("allow").asBoolean()
                            ? Decision.DECISION_ALLOW : Decision.DECISION_DENY);
                    JsonNode reasons = JSON.valueToTree(response.getReasonsList().stream()
                            .map(r -> Map.of("code", r.getCode(), "message", r.getMessage())).toList());
                    assertThat(reasons).isEqualTo(expected.path("reasons"));
                    assertThat(obligations(response)).as("obligations over gRPC")
                            .isEqualTo(expected.has("obligations") ? expected.get("obligations") : null);
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> listings() throws IOException {
        return cases("listings/data.json").map(c -> DynamicTest.dynamicTest(c.path("name").asText(), () -> {
            Served served = served(c.path("settings"));
            JsonNode input = c.path("input");
            List<String> expected = JSON.convertValue(c.path("allowed_models"), JSON.getTypeFactory()
                    .constructCollectionType(List.class, String.class));
            assertThat(served.engine.listAllowed(input).models()).isEqualTo(expected);
            assertThat(served.engine.listAllowed(withUnreadChanged(input, served.read)).models())
                    .as("listing with unread attributes changed").isEqualTo(expected);
            Optional<ListAllowedModelsRequest> request = parse(withoutClock(input),
                    ListAllowedModelsRequest.newBuilder());
            request = request.filter(r -> RequestValidator.validate(r) == null
                    && InputContract.producedBy(PolicyInputMapper.toInput(r), input));
            if (request.isPresent()) {
                LISTINGS_OVER_GRPC.incrementAndGet();
                for (int asked = 0; asked < 2; asked++) {
                    assertThat(served.stub.listAllowedModels(request.get()).getModelsList())
                            .isEqualTo(expected.stream().distinct().toList());
                }
            }
        }));
    }

    private static Stream<JsonNode> cases(String file) throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        JSON.readTree(FIXTURES.resolve(file).toFile()).forEach(cases::add);
        assertThat(cases).as(file).isNotEmpty();
        return cases.stream();
    }

    /**
     * The request whose mapping is exactly {@code input}, if there is one: a fixture the
     * service can produce. Others (wrong types, missing fields) test the policy alone.
     */
    private static Optional<CheckRequest> asCheckRequest(JsonNode input) {
        Optional<CheckRequest> request = parse(withoutClock(input), CheckRequest.newBuilder());
        return request.filter(r -> RequestValidator.validate(r) == null
                && InputContract.producedBy(PolicyInputMapper.toInput(r), input));
    }

    /** The response's obligations in the policy's document shape; null when there are none. */
    private static JsonNode obligations(CheckResponse response) throws IOException {
        if (!response.hasObligations()) {
            return null;
        }
        var o = response.getObligations();
        ObjectNode doc = JSON.createObjectNode();
        if (o.getDeploymentsRestricted()) {
            o.getDeploymentsList().forEach(doc.putArray("deployments")::add);
        }
        if (o.hasMaxOutputTokens()) {
            doc.put("max_output_tokens", o.getMaxOutputTokens());
        }
        if (o.getUpstreamHeadersCount() > 0) {
            o.getUpstreamHeadersMap().forEach(doc.putObject("upstream_headers")::put);
        }
        if (o.getRateLimitsCount() > 0) {
            var limits = doc.putArray("rate_limits");
            Map<Long, String> units = Map.of(1L, "second", 60L, "minute", 3600L, "hour", 86400L, "day");
            o.getRateLimitsList().forEach(l -> limits.addObject().put("bucket", l.getBucket())
                    .put("requests", l.getRequests()).put("tokens", l.getTokens())
                    .put("per", units.get(l.getPer().getSeconds())).put("code", l.getCode()));
        }
        return JSON.readTree(doc.toString()); // numbers as the fixture's parser reads them
    }

    /** {@code input} without {@code request.clock}, which the service derives from {@code request.time}. */
    private static JsonNode withoutClock(JsonNode input) {
        if (!(input.path("request") instanceof ObjectNode request) || !request.has("clock")) {
            return input;
        }
        JsonNode copy = input.deepCopy();
        ((ObjectNode) copy.get("request")).remove("clock");
        return copy;
    }

    /** Parses a fixture input as a proto request; inputs of wrong types do not parse. */
    @SuppressWarnings("unchecked")
    private static <T extends Message> Optional<T> parse(JsonNode input, Message.Builder builder) {
        try {
            JsonFormat.parser().merge(input.toString(), builder);
            return Optional.of((T) builder.build());
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    /** One engine and in-process server per distinct settings document. */
    private static Served served(JsonNode settings) throws IOException {
        String key = settings.toString();
        Served served = BY_SETTINGS.get(key);
        if (served == null) {
            PolicyBundle built = PolicyBundle.read(TestConfigs.builtBundle());
            String data = JSON.createObjectNode().set("llmgw", JSON.createObjectNode().set("settings", settings))
                    .toString();
            var bundle = new PolicyBundle(built.wasm(), data, built.revision(), built.entrypoints(), built.inputPaths());
            var engine = new WasmPolicyEngine(bundle, Entrypoints.DEFAULT, 1, 0);
            var cached = CachingPolicyEngine.around(engine, bundle, AuthzConfig.DEFAULT_DECISION_CACHE_BYTES);
            assertThat(cached).as("the built bundle gets a decision cache").isInstanceOf(CachingPolicyEngine.class);
            var log = new AsyncDecisionLog(100, "llmgw", Map.of(), List.of(), LineSinks.none());
            String name = "golden-" + BY_SETTINGS.size();
            Server server = InProcessServerBuilder.forName(name).directExecutor()
                    .addService(new AuthorizationService(cached, Entrypoints.DEFAULT, log, new AuthzMetrics(log::dropped)))
                    .build().start();
            ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
            OPEN.add(channel::shutdownNow);
            OPEN.add(server::shutdownNow);
            OPEN.add(log);
            Set<String> read = built.inputPaths().orElseThrow().stream().map(List::getFirst).collect(Collectors.toSet());
            served = new Served(engine, read, AuthorizationServiceGrpc.newBlockingStub(channel));
            BY_SETTINGS.put(key, served);
        }
        return served;
    }

    /**
     * {@code input} with every top-level attribute the policy does not read (per the bundle's
     * input paths, whose first segments are {@code read}) set to a different value, and one
     * more such attribute added.
     */
    private static JsonNode withUnreadChanged(JsonNode input, Set<String> read) {
        if (!(input instanceof ObjectNode object)) {
            return input;
        }
        ObjectNode changed = object.deepCopy();
        for (String name : List.of("operation", "request", "unread_attribute")) {
            if (!read.contains(name)) {
                changed.putObject(name).put("changed", true);
            }
        }
        return changed;
    }

    /**
     * @param engine the wasm engine, no cache
     * @param read first segments of the bundle's input paths
     * @param stub a service answering through the decision cache
     */
    private record Served(WasmPolicyEngine engine, Set<String> read,
            AuthorizationServiceGrpc.AuthorizationServiceBlockingStub stub) {}
}
