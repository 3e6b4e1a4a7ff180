package io.llmgw.gateway.testing;

import io.grpc.ManagedChannel;
import io.llmgw.authz.AuthzApplication;
import io.llmgw.authz.config.AuthzConfig;
import io.llmgw.authz.config.DecisionLogConfig;
import io.llmgw.authz.config.GrpcSecurityConfig;
import io.llmgw.authz.policy.Entrypoints;
import io.llmgw.gateway.authz.AuthzTransport;
import io.llmgw.gateway.authz.GrpcAuthzClient;
import io.llmgw.gateway.config.AuthzTlsConfig;
import io.llmgw.tls.DemoCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The real authz-service, started as its {@code Main} starts it, on a loopback port with the
 * freshly compiled policy bundle (system property {@code llmgw.policy.bundle}), and a gRPC
 * client to it over mutual TLS, both ends using a demo certificate set made for the test run.
 */
public final class RealAuthz implements AutoCloseable {

    private static final Path CERTS = demoCertificates();

    private final AuthzApplication service;
    private final AuthzTransport transport;
    private final ManagedChannel channel;

    /** The service and a client over the demo certificate set shared by the test run. */
    public RealAuthz() {
        this(CERTS);
    }

    /** The service presenting the server certificate of the demo-layout folder {@code certs}, and a client of it. */
    public RealAuthz(Path certs) {
        Path bundle = Path.of(System.getProperty("llmgw.policy.bundle"));
        var config = new AuthzConfig("127.0.0.1", 0, -1, 1024 * 1024, "wasm", bundle, Duration.ofSeconds(1),
                Entrypoints.DEFAULT, 1, 10, AuthzConfig.DEFAULT_DECISION_CACHE_BYTES, URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1),
                new DecisionLogConfig("none", Path.of("unused"), 1024 * 1024, 1, 100, List.of()),
                GrpcSecurityConfig.mutualTls(certs, List.of(DemoCertificates.CLIENT_NAME)));
        try {
            service = AuthzApplication.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        transport = AuthzTransport.from(AuthzTlsConfig.mutualTls(certs));
        channel = transport.channelBuilder("127.0.0.1:" + service.port()).build();
    }

    /** The bound gRPC port. */
    public int port() {
        return service.port();
    }

    private static Path demoCertificates() {
        try {
            Path dir = Files.createTempDirectory("llmgw-test-certs");
            new DemoCertificates(dir).ensure(Clock.systemUTC());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A client with a generous deadline: these tests prove decisions, not the latency of a
     * cold JVM.
     */
    public GrpcAuthzClient client() {
        return new GrpcAuthzClient(channel, Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        channel.shutdownNow();
        transport.close();
        service.close();
    }
}
