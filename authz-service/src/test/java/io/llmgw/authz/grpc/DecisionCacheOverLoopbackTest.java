package io.llmgw.authz.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.llmgw.authz.AuthzApplication;
import io.llmgw.authz.Requests;
import io.llmgw.authz.TestConfigs;
import io.llmgw.authz.policy.BundleFiles;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import io.llmgw.authz.v1.RequestInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision cache as the service runs it: a check repeating the principal and model of an
 * earlier one, with other request metadata, reuses its decision; every check is still logged
 * with its own input and decision id; a new bundle starts with an empty cache.
 */
class DecisionCacheOverLoopbackTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static CheckRequest check(String requestId, String grant) {
        return Requests.check(grant).toBuilder().setRequest(RequestInfo.newBuilder().setRequestId(requestId)).build();
    }

    @Test
    void check_repeatedPrincipalAndModel_decisionReusedButEachCheckLoggedWithItsOwnInput() throws Exception {
        Path live = dir.resolve("bundle.tar.gz");
        BundleFiles.withRevision(TestConfigs.builtBundle(), live, "rev-a");
        List<CheckResponse> responses = new ArrayList<>();
        String metrics;
        try (AuthzApplication app = AuthzApplication.start(TestConfigs.wasm(live, dir.resolve("decisions.log"),
                List.of()))) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", app.port()).usePlaintext().build();
            var stub = AuthorizationServiceGrpc.newBlockingStub(channel);
            for (CheckRequest request : List.of(check("r1", Requests.ALIAS), check("r2", Requests.ALIAS),
                    check("r3", "gpt-4o-mini"))) {
                responses.add(stub.withDeadlineAfter(5, TimeUnit.SECONDS).check(request));
            }
            BundleFiles.withRevision(TestConfigs.builtBundle(), dir.resolve("b.tar.gz"), "rev-b");
            BundleFiles.replaceAtomically(dir.resolve("b.tar.gz"), live);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!app.revision().equals("rev-b") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            responses.add(stub.withDeadlineAfter(5, TimeUnit.SECONDS).check(check("r4", Requests.ALIAS)));
            channel.shutdownNow();
            metrics = scrape(app.metricsPort());
        }

        assertThat(responses).extracting(CheckResponse::getDecision).containsExactly(Decision.DECISION_ALLOW,
                Decision.DECISION_ALLOW, Decision.DECISION_DENY, Decision.DECISION_ALLOW);
        assertThat(responses).extracting(CheckResponse::getPolicyRevision).containsExactly("rev-a", "rev-a", "rev-a",
                "rev-b");
        assertThat(responses).extracting(CheckResponse::getDecisionId).doesNotHaveDuplicates();
        assertThat(metrics).contains("llmgw_authz_decision_cache_hits_total{rpc=\"check\"} 1.0")
                .contains("llmgw_authz_decisions_total{decision=\"allow\",reason=\"\",rpc=\"check\"} 3.0");
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("decisions.log.0"))) {
            events.add(JSON.readTree(line));
        }
        assertThat(events).extracting(e -> e.path("metrics").path("counter_decision_cache_hit").asInt())
                .containsExactly(0, 1, 0, 0);
        assertThat(events).extracting(e -> e.path("input").path("request").path("request_id").asText())
                .containsExactly("r1", "r2", "r3", "r4");
        assertThat(events).extracting(e -> e.path("decision_id").asText())
                .containsExactlyElementsOf(responses.stream().map(CheckResponse::getDecisionId).toList());
    }

    @Test
    void check_cacheBudgetZero_everyCheckEvaluated() throws Exception {
        String metrics;
        try (AuthzApplication app = AuthzApplication.start(TestConfigs.wasm(TestConfigs.builtBundle(),
                dir.resolve("decisions.log"), List.of(), 1, 0))) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", app.port()).usePlaintext().build();
            var stub = AuthorizationServiceGrpc.newBlockingStub(channel);
            for (String id : List.of("r1", "r2", "r3")) {
                assertThat(stub.withDeadlineAfter(5, TimeUnit.SECONDS).check(check(id, Requests.ALIAS)).getDecision())
                        .isEqualTo(Decision.DECISION_ALLOW);
            }
            channel.shutdownNow();
            metrics = scrape(app.metricsPort());
        }

        assertThat(metrics).doesNotContain("llmgw_authz_decision_cache_hits_total{")
                .contains("llmgw_authz_decisions_total{decision=\"allow\",reason=\"\",rpc=\"check\"} 3.0");
        assertThat(Files.readAllLines(dir.resolve("decisions.log.0"))).hasSize(3)
                .allSatisfy(line -> assertThat(JSON.readTree(line).path("metrics").path("counter_decision_cache_hit")
                        .asInt()).isZero());
    }

    private static String scrape(int port) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
