package io.llmgw.bench;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.llmgw.authz.AuthzApplication;
import io.llmgw.authz.config.AuthzConfig;
import io.llmgw.authz.config.DecisionLogConfig;
import io.llmgw.authz.config.GrpcSecurityConfig;
import io.llmgw.authz.config.ShadowConfig;
import io.llmgw.authz.grpc.ServerEventLoops;
import io.llmgw.authz.grpc.ServerSecurity;
import io.llmgw.authz.policy.Entrypoints;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import io.llmgw.authz.v1.Obligations;
import io.llmgw.tls.DemoCertificates;
import io.llmgw.tls.WatchedTlsFiles;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Check} over loopback gRPC against the real service, and the same RPC against a no-op
 * server that answers a fixed allow on the same transport, event loops and executor: the
 * difference is what the service adds to the transport floor.
 *
 * <p>Warm-up is longer than the engine's: the service compiles its policy instances' code at
 * start-up and the JIT works through it for about 20 s on two cores, during which the round
 * trip measures up to twice its steady-state time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@Warmup(iterations = 6, time = 4)
@Measurement(iterations = 3, time = 5)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CheckBenchmark {

    private AuthzApplication service;
    private Server noop;
    private ServerEventLoops noopEventLoops;
    private ManagedChannel serviceChannel;
    private ManagedChannel noopChannel;
    private AuthorizationServiceGrpc.AuthorizationServiceBlockingStub serviceStub;
    private AuthorizationServiceGrpc.AuthorizationServiceBlockingStub noopStub;
    /** Requests that differ only in request id, sent in turn. */
    private CheckRequest[] requests;
    private int next;

    /** Where the service writes its decision log: a rotated file, as in production, or nowhere. */
    @Param({"file", "none"})
    public String decisionLog;

    /**
     * Whether the service reuses decisions for inputs equal on what the policy reads. The
     * requests differ in request id, as a gateway's do, and repeat principal and model.
     */
    @Param({"false", "true"})
    public boolean decisionCache;

    /**
     * The link: {@code mtls} as deployed (the service and the no-op floor both serve mutual TLS
     * with the demo certificates; the client presents the gateway's and checks the server's
     * name with the same watched key and trust managers as the gateway's channels), or {@code
     * plaintext}. Connections are opened before measuring, so this is TLS on a warm connection.
     */
    @Param({"plaintext", "mtls"})
    public String transport;

    /**
     * Whether the service also evaluates a shadow candidate for every check ({@code
     * authz.shadow.share} 1.0): the same bundle, so every comparison agrees and only the cost of
     * shadowing shows. The live answer must not wait for it.
     */
    @Param({"off", "on"})
    public String shadow;

    /**
     * The request's shape: {@code seed}, the Check before policies saw the request (no
     * parameters, headers, team metadata or candidates; a plain allow), or {@code rich}, what a
     * gateway sends now ({@link Inputs#richCheck}), allowed with obligations.
     */
    @Param({"seed", "rich"})
    public String input;

    private ServerSecurity noopSecurity;
    private Optional<WatchedTlsFiles> clientFiles = Optional.empty();

    @Setup
    public void setUp() throws Exception {
        Path bundle = Path.of(System.getProperty("llmgw.policy.bundle"));
        boolean tls = transport.equals("mtls");
        var certs = new DemoCertificates(Files.createTempDirectory("llmgw-bench-certs"));
        certs.ensure(Clock.systemUTC());
        GrpcSecurityConfig security = tls
                ? GrpcSecurityConfig.mutualTls(certs.caCertificate().getParent(), List.of(DemoCertificates.CLIENT_NAME))
                : GrpcSecurityConfig.plaintext();
        service = startService(bundle, security, decisionCache, decisionLog, shadow.equals("on"));
        noopEventLoops = new ServerEventLoops(Runtime.getRuntime().availableProcessors());
        noopSecurity = ServerSecurity.from(security, code -> {});
        noop = noopEventLoops.serverBuilder(new InetSocketAddress("127.0.0.1", 0), noopSecurity.credentials(), true)
                .addService(new NoopAuthorization())
                .build()
                .start();
        // As the gateway's AuthzTransport builds them, so the client side measured is the deployed one.
        clientFiles = tls ? Optional.of(WatchedTlsFiles.start(certs.clientCertificate(), certs.clientKey(),
                certs.caCertificate(), WatchedTlsFiles.Peer.SERVER, Duration.ofSeconds(10), "gateway"))
                : Optional.empty();
        ChannelCredentials client = clientFiles.<ChannelCredentials>map(files -> TlsChannelCredentials.newBuilder()
                .keyManager(files.keyManager()).trustManager(files.trustManager()).build())
                .orElseGet(InsecureChannelCredentials::create);
        serviceChannel = NettyChannelBuilder.forAddress("127.0.0.1", service.port(), client).build();
        noopChannel = NettyChannelBuilder.forAddress("127.0.0.1", noop.getPort(), client).build();
        serviceStub = AuthorizationServiceGrpc.newBlockingStub(serviceChannel);
        noopStub = AuthorizationServiceGrpc.newBlockingStub(noopChannel);
        CheckRequest request = input.equals("rich") ? Inputs.richCheck(Inputs.ALIAS) : Inputs.check(Inputs.ALIAS);
        requests = new CheckRequest[1024];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = request.toBuilder().setRequest(request.getRequest().toBuilder().setRequestId("req-" + i))
                    .build();
        }
        // Connect both channels before measuring; the first call pays for the connection.
        for (int i = 0; i < 100; i++) {
            requireShape(serviceStub.withDeadlineAfter(30, TimeUnit.SECONDS).check(request));
            noopStub.withDeadlineAfter(30, TimeUnit.SECONDS).check(request);
        }
    }

    /**
     * The service as this benchmark runs it: on loopback, the wasm engine with one instance per
     * CPU, {@code decisionLog} ({@code file} or {@code none}) written under {@code target/}.
     */
    static AuthzApplication startService(Path bundle, GrpcSecurityConfig security, boolean decisionCache,
            String decisionLog, boolean shadow) throws Exception {
        return AuthzApplication.start(new AuthzConfig("127.0.0.1", 0, 0, 4 * 1024 * 1024, "wasm", bundle,
                Duration.ofSeconds(1), Entrypoints.DEFAULT, Runtime.getRuntime().availableProcessors(), 1000,
                decisionCache ? AuthzConfig.DEFAULT_DECISION_CACHE_BYTES : 0, URI.create("http://127.0.0.1:1"),
                Duration.ofSeconds(1), new DecisionLogConfig(decisionLog, Path.of("target/bench-decisions.log"),
                        100L * 1024 * 1024, 1, 10_000, List.of()),
                shadow ? new ShadowConfig(Optional.of(bundle), 1.0, 10_000) : ShadowConfig.OFF, security));
    }

    /**
     * Stops the run when the service does not decide as the shape is meant to be decided (a
     * plain allow, or an allow with obligations), so that a change of the shipped settings
     * cannot turn the comparison into one of allows against denies unnoticed.
     */
    private void requireShape(CheckResponse response) {
        boolean obligations = response.hasObligations() && !response.getObligations().equals(
                Obligations.getDefaultInstance());
        if (response.getDecision() != Decision.DECISION_ALLOW || obligations != input.equals("rich")) {
            throw new IllegalStateException("input " + input + " was decided " + response.getDecision()
                    + (obligations ? " with obligations " + response.getObligations() : " without obligations")
                    + " " + response.getReasonsList());
        }
    }

    @TearDown
    public void tearDown() {
        serviceChannel.shutdownNow();
        noopChannel.shutdownNow();
        noop.shutdownNow();
        noopEventLoops.close();
        noopSecurity.close();
        clientFiles.ifPresent(WatchedTlsFiles::close);
        service.close();
    }

    @Benchmark
    public CheckResponse checkService() {
        return serviceStub.withDeadlineAfter(10, TimeUnit.SECONDS).check(nextRequest());
    }

    @Benchmark
    public CheckResponse checkNoop() {
        return noopStub.withDeadlineAfter(10, TimeUnit.SECONDS).check(nextRequest());
    }

    private CheckRequest nextRequest() {
        next = (next + 1) & (requests.length - 1);
        return requests[next];
    }

    /** Answers every check with a fixed allow of the same shape the real service returns. */
    static final class NoopAuthorization extends AuthorizationServiceGrpc.AuthorizationServiceImplBase {
        private static final CheckResponse ALLOW = CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW)
                .setDecisionId("00000000-0000-0000-0000-000000000000").setPolicyRevision("0123456789abcdef")
                .setEvaluationTime(com.google.protobuf.Duration.newBuilder().setNanos(10_000)).build();

        @Override
        public void check(CheckRequest request, StreamObserver<CheckResponse> responses) {
            responses.onNext(ALLOW);
            responses.onCompleted();
        }
    }
}
