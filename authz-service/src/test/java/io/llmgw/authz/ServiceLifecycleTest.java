package io.llmgw.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.llmgw.authz.policy.BundleFiles;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up without a bundle, the bundle arriving, the decision-log file and the metrics endpoint. */
class ServiceLifecycleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void start_withoutBundle_notServingUntilBundleArrives_thenLogsAndCountsDecisions() throws Exception {
        Path live = dir.resolve("bundle.tar.gz");
        Path decisions = dir.resolve("decisions.log");
        var config = TestConfigs.wasm(live, decisions, List.of("/principal/metadata/email"));
        try (AuthzApplication app = AuthzApplication.start(config)) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", app.port()).usePlaintext().build();
            var health = HealthGrpc.newBlockingStub(channel);
            var authz = AuthorizationServiceGrpc.newBlockingStub(channel);

            assertThat(health.withDeadlineAfter(5, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()).getStatus())
                    .isEqualTo(ServingStatus.NOT_SERVING);
            assertThatThrownBy(() -> authz.withDeadlineAfter(5, TimeUnit.SECONDS).check(Requests.check(Requests.ALIAS)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

            BundleFiles.replaceAtomically(TestConfigs.builtBundle(), live);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (health.withDeadlineAfter(5, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()).getStatus() != ServingStatus.SERVING
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(health.withDeadlineAfter(5, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);

            String decisionId = authz.withDeadlineAfter(5, TimeUnit.SECONDS).check(Requests.check(Requests.ALIAS))
                    .getDecisionId();
            channel.shutdownNow();

            assertThat(scrape(app.metricsPort()))
                    .contains("llmgw_authz_decisions_total{decision=\"allow\",reason=\"\",rpc=\"check\"} 1.0")
                    .contains("llmgw_authz_check_errors_total{code=\"UNAVAILABLE\",rpc=\"check\"} 1.0")
                    .contains("llmgw_authz_bundle_info{revision=\"" + app.revision() + "\"} 1")
                    .contains("llmgw_authz_evaluation_seconds_bucket")
                    .contains("llmgw_authz_decision_log_dropped_events 0.0")
                    .contains("process_resident_memory_bytes");
            app.close();
            JsonNode event = JSON.readTree(Files.readAllLines(dir.resolve("decisions.log.0")).getLast());
            assertThat(event.path("decision_id").asText()).isEqualTo(decisionId);
            assertThat(event.path("input").path("principal").path("metadata").has("email")).isFalse();
            assertThat(event.path("erased").get(0).asText()).isEqualTo("/input/principal/metadata/email");
        }
    }

    private static String scrape(int port) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
