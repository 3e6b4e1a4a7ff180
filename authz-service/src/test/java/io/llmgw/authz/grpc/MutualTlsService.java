package io.llmgw.authz.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.llmgw.authz.AuthzApplication;
import io.llmgw.authz.TestConfigs;
import io.llmgw.authz.config.GrpcSecurityConfig;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.tls.DemoCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The service as Main starts it, serving mutual TLS on loopback with a demo certificate set
 * made in {@code dir}, and channels to it presenting any certificate (or none). Tests of the
 * transport share it; it closes what it opened.
 */
final class MutualTlsService implements AutoCloseable {

    final DemoCertificates certs;
    final AuthzApplication app;
    private final List<ManagedChannel> channels = new ArrayList<>();

    /** Starts the service allowing the demo gateway; {@code reflection} as configured. */
    MutualTlsService(Path dir, boolean reflection) {
        certs = new DemoCertificates(dir.resolve("certs"));
        try {
            certs.ensure(Clock.systemUTC());
            var demo = GrpcSecurityConfig.mutualTls(dir.resolve("certs"), List.of(DemoCertificates.CLIENT_NAME));
            var security = new GrpcSecurityConfig(true, demo.certificate(), demo.key(), demo.clientCa(),
                    demo.allowedClients(), Duration.ofMillis(100), reflection);
            app = AuthzApplication.start(TestConfigs.withSecurity(
                    TestConfigs.wasm(TestConfigs.builtBundle(), dir.resolve("decisions.log"), List.of()), security));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A channel trusting the demo CA and presenting the demo gateway's certificate. */
    ManagedChannel gateway() {
        return presenting(certs.clientCertificate(), certs.clientKey());
    }

    /** A channel trusting the demo CA and presenting {@code certificate}, or no certificate when null. */
    ManagedChannel presenting(Path certificate, Path key) {
        return trusting(certs.caCertificate(), certificate, key);
    }

    /** A channel trusting the CA certificates in {@code ca} and presenting {@code certificate} (null: none). */
    ManagedChannel trusting(Path ca, Path certificate, Path key) {
        try {
            var tls = TlsChannelCredentials.newBuilder().trustManager(ca.toFile());
            if (certificate != null) {
                tls.keyManager(certificate.toFile(), key.toFile());
            }
            return channel(tls.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plaintext channel to the TLS port. */
    ManagedChannel plaintext() {
        return channel(InsecureChannelCredentials.create());
    }

    private synchronized ManagedChannel channel(ChannelCredentials credentials) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", app.port(), credentials).build();
        channels.add(channel);
        return channel;
    }

    /** A blocking stub on {@code channel} with a deadline generous enough for a cold handshake. */
    static AuthorizationServiceGrpc.AuthorizationServiceBlockingStub stub(ManagedChannel channel) {
        return AuthorizationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    /**
     * The services the reflection service lists over {@code channel}.
     *
     * @throws StatusRuntimeException when the call fails (UNIMPLEMENTED without reflection)
     */
    static List<String> listServices(ManagedChannel channel) throws Exception {
        var answer = new CompletableFuture<ServerReflectionResponse>();
        var requests = ServerReflectionGrpc.newStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        answer.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        try {
            return answer.get(15, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
                    .map(ServiceResponse::getName).toList();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StatusRuntimeException s ? s : e;
        }
    }

    @Override
    public synchronized void close() {
        channels.forEach(ManagedChannel::shutdownNow);
        app.close();
    }
}
