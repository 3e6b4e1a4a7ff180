package io.llmgw.authz;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import io.llmgw.authz.v1.ListAllowedModelsResponse;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks run on the gRPC event loops with the in-process engine, and on virtual threads with
 * a remote one: many more concurrent calls than event loops all get answers, and a slow
 * remote OPA server never holds up an event loop.
 */
class EventLoopEvaluationTest {

    /** How long the fake OPA server takes to answer; longer than the health check's deadline. */
    private static final long SLOW_OPA_MILLIS = 4000;

    @TempDir
    Path dir;

    @Test
    void wasmEngine_oneEventLoop_answersManyConcurrentChecksAndListings() throws Exception {
        var config = TestConfigs.wasm(TestConfigs.builtBundle(), dir.resolve("d.log"), List.of(), 1);
        List<ManagedChannel> channels = new ArrayList<>();
        try (AuthzApplication app = AuthzApplication.start(config)) {
            List<Future<CheckResponse>> checks = new ArrayList<>();
            List<Future<ListAllowedModelsResponse>> listings = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", app.port()).usePlaintext().build();
                channels.add(channel);
                var stub = AuthorizationServiceGrpc.newFutureStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
                for (int i = 0; i < 50; i++) {
                    checks.add(stub.check(Requests.check(Requests.ALIAS)));
                    listings.add(stub.listAllowedModels(Requests.listing(Requests.ALIAS)));
                }
            }
            for (Future<CheckResponse> check : checks) {
                assertThat(check.get(30, TimeUnit.SECONDS).getDecision()).isEqualTo(Decision.DECISION_ALLOW);
            }
            for (Future<ListAllowedModelsResponse> listing : listings) {
                assertThat(listing.get(30, TimeUnit.SECONDS).getModelsList()).contains(Requests.ALIAS);
            }
        } finally {
            channels.forEach(ManagedChannel::shutdownNow);
        }
    }

    @Test
    void opaServerEngine_slowServer_doesNotBlockTheEventLoop() throws Exception {
        HttpServer slowOpa = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slowOpa.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        slowOpa.createContext("/", exchange -> {
            try {
                Thread.sleep(SLOW_OPA_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"result\":{\"allow\":true,\"reasons\":[]}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        slowOpa.start();
        URI url = URI.create("http://127.0.0.1:" + slowOpa.getAddress().getPort());
        ManagedChannel channel = null;
        try (AuthzApplication app = AuthzApplication.start(
                TestConfigs.opaServer(url, dir.resolve("d.log"), Duration.ofSeconds(30)))) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", app.port()).usePlaintext().build();
            var health = HealthGrpc.newBlockingStub(channel);
            health.withDeadlineAfter(30, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()); // connected
            var authz = AuthorizationServiceGrpc.newFutureStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            List<Future<CheckResponse>> slowChecks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                slowChecks.add(authz.check(Requests.check(Requests.ALIAS)));
            }
            Thread.sleep(200); // the checks are now waiting on the slow server

            long start = System.nanoTime();
            var status = health.withDeadlineAfter(SLOW_OPA_MILLIS / 2, TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
            long healthMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(status).isEqualTo(ServingStatus.SERVING);
            assertThat(healthMillis).isLessThan(SLOW_OPA_MILLIS / 2);
            for (Future<CheckResponse> check : slowChecks) {
                assertThat(check.get(30, TimeUnit.SECONDS).getDecision()).isEqualTo(Decision.DECISION_ALLOW);
            }
        } finally {
            if (channel != null) {
                channel.shutdownNow();
            }
            slowOpa.stop(0);
        }
    }
}
