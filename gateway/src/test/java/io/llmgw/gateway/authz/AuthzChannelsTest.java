package io.llmgw.gateway.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import io.llmgw.gateway.config.AuthzClientConfig;
import io.llmgw.gateway.config.AuthzTlsConfig;
import io.llmgw.gateway.keys.Principal;
import io.llmgw.gateway.models.Deployment;
import io.llmgw.gateway.models.ModelResolution;
import io.llmgw.gateway.models.Secret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Checks over real loopback gRPC: spread over several connections to one authz-service, over
 * several replicas given as a list, and retried on another replica when one goes away or hangs.
 */
class AuthzChannelsTest {

    private static final Principal PRINCIPAL = new Principal("k1", "t1", "u1", List.of("alias"), List.of(), Map.of());
    private static final ModelResolution MODEL = new ModelResolution("alias", "upstream-v1", new Deployment("dep-1",
            "mock", "upstream-v1", Optional.empty(), Secret.NONE, List.of(), List.of(), Optional.empty(),
            Optional.empty()), false);
    private static final Operation OPERATION = new Operation("chat.completions", "POST", "/v1/chat/completions", false);
    private static final RequestInfo REQUEST = new RequestInfo("r-1", Instant.parse("2026-11-15T12:00:00Z"), "10.0.0.9");

    private final List<Replica> replicas = new ArrayList<>();
    private AuthzChannels channels;

    @AfterEach
    void stop() {
        if (channels != null) {
            channels.close();
        }
        replicas.forEach(r -> r.server.shutdownNow());
    }

    @Test
    void check_severalConnections_eachCarriesChecks() throws IOException {
        Replica replica = replica();
        var client = client("127.0.0.1:" + replica.port(), 3);

        for (int i = 0; i < 30; i++) {
            assertThat(client.check(PRINCIPAL, MODEL, OPERATION, REQUEST)).isInstanceOf(AccessDecision.Allowed.class);
        }

        // Each connection has its own client port.
        assertThat(replica.peers).hasSize(3);
    }

    @Test
    void check_listOfReplicas_spreadOverBoth_retriedOnTheOtherWhenOneStops() throws IOException {
        Replica a = replica();
        Replica b = replica();
        var client = client("127.0.0.1:" + a.port() + ", 127.0.0.1:" + b.port(), 1);
        for (int i = 0; i < 10; i++) {
            client.check(PRINCIPAL, MODEL, OPERATION, REQUEST);
        }
        assertThat(a.calls()).isPositive();
        assertThat(b.calls()).isPositive();

        a.server.shutdownNow();
        long before = b.calls();
        for (int i = 0; i < 10; i++) {
            assertThat(client.check(PRINCIPAL, MODEL, OPERATION, REQUEST)).isInstanceOf(AccessDecision.Allowed.class);
        }

        assertThat(b.calls() - before).isGreaterThanOrEqualTo(10);
    }

    @Test
    void check_oneReplicaHangs_firstTryCutShortAndAnsweredByTheOtherWithinTheDeadline() throws IOException {
        Replica hung = replica();
        Replica b = replica();
        hung.hang = true;
        var client = client("127.0.0.1:" + hung.port() + ", 127.0.0.1:" + b.port(), 1, Duration.ofSeconds(1));

        for (int i = 0; i < 4; i++) {
            assertThat(client.check(PRINCIPAL, MODEL, OPERATION, REQUEST)).isInstanceOf(AccessDecision.Allowed.class);
        }

        // Every other check went to the hung replica first and was answered by the other.
        assertThat(hung.calls()).isEqualTo(2);
        assertThat(b.calls()).isEqualTo(4);
    }

    @Test
    void check_oneTargetHangs_noSecondTryOnAnotherConnectionToIt() throws IOException {
        Replica hung = replica();
        hung.hang = true;
        var client = client("127.0.0.1:" + hung.port(), 2, Duration.ofMillis(300));

        assertThatThrownBy(() -> client.check(PRINCIPAL, MODEL, OPERATION, REQUEST))
                .isInstanceOf(AuthzUnavailableException.class).hasMessageContaining("DEADLINE_EXCEEDED")
                .hasMessageNotContaining("retry");
        assertThat(hung.calls()).isEqualTo(1);
    }

    @Test
    void open_eachChannelOnItsOwnEventLoop_allStoppedAtClose() throws Exception {
        Replica replica = replica();
        GrpcAuthzClient client = client("127.0.0.1:" + replica.port(), 3);
        for (int i = 0; i < 3; i++) {
            assertThat(client.check(PRINCIPAL, MODEL, OPERATION, REQUEST)).isInstanceOf(AccessDecision.Allowed.class);
        }
        assertThat(clientLoops()).hasSize(3);

        channels.close();
        channels = null;
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!clientLoops().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(clientLoops()).isEmpty();
    }

    private static List<String> clientLoops() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("authz-client-loop-")).toList();
    }

    private GrpcAuthzClient client(String target, int connections) {
        return client(target, connections, Duration.ofSeconds(10));
    }

    /** Deadlines for a busy shared machine: these tests are about where checks go, not how fast. */
    private GrpcAuthzClient client(String target, int connections, Duration deadline) {
        var config = new AuthzClientConfig(target, deadline, Duration.ofSeconds(1), Duration.ZERO,
                Duration.ofSeconds(1), connections, AuthzTlsConfig.plaintext());
        channels = AuthzChannels.open(config);
        return new GrpcAuthzClient(channels.all(), config.deadline(), config.readinessTimeout(),
                config.targets().size() > 1);
    }

    private Replica replica() throws IOException {
        Replica replica = new Replica();
        replicas.add(replica);
        return replica;
    }

    /** An authz-service that allows everything and records which client connection asked. */
    private static final class Replica {
        final Set<SocketAddress> peers = ConcurrentHashMap.newKeySet();
        final AtomicLong calls = new AtomicLong();
        final Server server;
        /** When set, checks are taken and never answered, as by a replica that hangs or died mid-call. */
        volatile boolean hang;

        Replica() throws IOException {
            ServerInterceptor recordPeer = new ServerInterceptor() {
                @Override
                public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                        ServerCallHandler<Q, A> next) {
                    peers.add(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
                    calls.incrementAndGet();
                    return next.startCall(call, headers);
                }
            };
            var allow = new AuthorizationServiceGrpc.AuthorizationServiceImplBase() {
                @Override
                public void check(CheckRequest request, StreamObserver<CheckResponse> responses) {
                    if (hang) {
                        return;
                    }
                    responses.onNext(CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).setDecisionId("d")
                            .build());
                    responses.onCompleted();
                }
            };
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(ServerInterceptors.intercept(allow, recordPeer)).build().start();
        }

        int port() {
            return server.getPort();
        }

        long calls() {
            return calls.get();
        }
    }
}
