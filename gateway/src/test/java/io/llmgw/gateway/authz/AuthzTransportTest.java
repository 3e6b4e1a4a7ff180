package io.llmgw.gateway.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.llmgw.gateway.config.AuthzTlsConfig;
import io.llmgw.gateway.testing.RealAuthz;
import io.llmgw.tls.CertificateAuthority;
import io.llmgw.tls.DemoCertificates;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's side of the mutual TLS link, against the real authz-service over loopback:
 * it verifies the server's name, and presents a rotated client certificate without a restart.
 */
class AuthzTransportTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        Logger.getLogger("io.llmgw.tls").removeHandler(capture);
    }

    private DemoCertificates certs() throws Exception {
        var certs = new DemoCertificates(dir);
        certs.ensure(Clock.systemUTC());
        return certs;
    }

    private <T extends AutoCloseable> T opened(T c) {
        open.add(c);
        return c;
    }

    private GrpcAuthzClient client(AuthzTransport transport, int port) {
        ManagedChannel channel = transport.channelBuilder("127.0.0.1:" + port).build();
        open.add(channel::shutdownNow);
        return new GrpcAuthzClient(channel, Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    private static AuthzTlsConfig tls(Path dir, Optional<String> authority) {
        var demo = AuthzTlsConfig.mutualTls(dir);
        return new AuthzTlsConfig(true, demo.certificate(), demo.key(), demo.ca(), authority, Duration.ofMillis(100));
    }

    @Test
    void serverCertificateWithWrongName_refusedLoggedAndNotServing() throws Exception {
        var certs = certs();
        // The server presents a certificate from the trusted CA that names another host.
        CertificateAuthority.load(certs.caCertificate(), certs.caKey()).issue("elsewhere", List.of("elsewhere.example"),
                List.of(), CertificateAuthority.Usage.SERVER, Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1))).write(certs.serverCertificate(), certs.serverKey());
        var authz = opened(new RealAuthz(dir));
        Logger.getLogger("io.llmgw.tls").addHandler(capture);

        var client = client(opened(AuthzTransport.from(tls(dir, Optional.empty()))), authz.port());

        assertThat(client.serving()).isFalse();
        assertThat(logged).anySatisfy(m -> assertThat(m).startsWith("server_certificate_refused: gateway refused")
                .contains("subject=\"CN=elsewhere\""));

        // Told to expect that name, the same gateway configuration accepts it.
        var expecting = client(opened(AuthzTransport.from(tls(dir, Optional.of("elsewhere.example")))), authz.port());
        assertThat(expecting.serving()).isTrue();
    }

    @Test
    void clientCertificateRotatedOnDisk_newConnectionsPresentIt() throws Exception {
        var certs = certs();
        var authz = opened(new RealAuthz(dir));
        var transport = opened(AuthzTransport.from(tls(dir, Optional.empty())));
        assertThat(client(transport, authz.port()).serving()).isTrue();
        Logger.getLogger("io.llmgw.tls").addHandler(capture);

        // The gateway's certificate is replaced by one the authz-service does not allow.
        CertificateAuthority.load(certs.caCertificate(), certs.caKey()).issue("not-the-gateway", List.of(), List.of(),
                CertificateAuthority.Usage.CLIENT, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)))
                .write(certs.clientCertificate(), certs.clientKey());
        Instant giveUp = Instant.now().plusSeconds(10);
        while (logged.stream().noneMatch(m -> m.startsWith("gateway TLS: reloaded")) && Instant.now().isBefore(giveUp)) {
            Thread.sleep(50);
        }

        assertThat(logged).anySatisfy(m -> assertThat(m).startsWith("gateway TLS: reloaded, now presenting")
                .contains("CN=not-the-gateway"));
        ManagedChannel fresh = transport.channelBuilder("127.0.0.1:" + authz.port()).build();
        open.add(fresh::shutdownNow);
        assertThatThrownBy(() -> HealthGrpc.newBlockingStub(fresh).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.PERMISSION_DENIED));
    }
}
