package io.llmgw.authz.grpc;

import static io.llmgw.authz.Requests.ALIAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.llmgw.authz.LogCapture;
import io.llmgw.authz.Requests;
import io.llmgw.authz.v1.Decision;
import io.llmgw.tls.DemoCertificates;
import io.llmgw.tls.WatchedTlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates replaced on disk while the service runs: a whole new CA and server
 * certificate go live without a restart; a broken replacement is refused and the last good
 * set keeps serving.
 */
class CertificateRotationTest {

    @TempDir
    Path dir;

    private MutualTlsService service;

    @BeforeEach
    void start() {
        service = new MutualTlsService(dir, false);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean() && Instant.now().isBefore(giveUp)) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("reached within 10 s").isTrue();
    }

    @Test
    void newCaAndServerCertificateOnDisk_liveWithoutRestart() throws Exception {
        var oldGateway = service.gateway();
        assertThat(MutualTlsService.stub(oldGateway).check(Requests.check(ALIAS)).getDecision())
                .isEqualTo(Decision.DECISION_ALLOW);
        // A new demo set elsewhere, moved over the live files: new CA, new server and client certificates.
        var next = new DemoCertificates(dir.resolve("next"));
        next.ensure(Clock.systemUTC());
        Path old = Files.createDirectories(dir.resolve("old"));
        for (Path file : List.of(service.certs.caCertificate(), service.certs.clientCertificate(),
                service.certs.clientKey())) {
            Files.copy(file, old.resolve(file.getFileName()));
        }

        try (var log = LogCapture.of(WatchedTlsFiles.class)) {
            for (String name : List.of("authz-service-key.pem", "authz-service.pem", "ca.pem", "ca-key.pem",
                    "gateway.pem", "gateway-key.pem")) {
                Files.move(dir.resolve("next").resolve(name), dir.resolve("certs").resolve(name),
                        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            waitFor(() -> log.messages().stream().anyMatch(m -> m.startsWith("authz-service TLS: reloaded")));
        }

        // A new connection of a client of the new CA is served; one of the old set is not.
        assertThat(MutualTlsService.stub(service.gateway()).check(Requests.check(ALIAS)).getDecision())
                .isEqualTo(Decision.DECISION_ALLOW);
        var stale = service.trusting(old.resolve("ca.pem"), old.resolve("gateway.pem"), old.resolve("gateway-key.pem"));
        StatusRuntimeException refused = (StatusRuntimeException) catchThrowable(
                () -> MutualTlsService.stub(stale).check(Requests.check(ALIAS)));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void keyNotMatchingCertificate_refusedAndLastGoodKeepsServing() throws Exception {
        var other = new DemoCertificates(dir.resolve("other"));
        other.ensure(Clock.systemUTC());

        try (var log = LogCapture.of(WatchedTlsFiles.class)) {
            // Only the key is replaced: it does not belong to the live certificate.
            Files.copy(other.serverKey(), service.certs.serverKey(), StandardCopyOption.REPLACE_EXISTING);
            waitFor(() -> log.messages().stream().anyMatch(m -> m.startsWith("tls_reload_failed: authz-service")
                    && m.contains("is not the private key of the certificate")));
        }

        assertThat(MutualTlsService.stub(service.gateway()).check(Requests.check(ALIAS)).getDecision())
                .isEqualTo(Decision.DECISION_ALLOW);
    }

    @Test
    void garbageCertificateFile_refusedAndLastGoodKeepsServing() throws Exception {
        try (var log = LogCapture.of(WatchedTlsFiles.class)) {
            Files.writeString(service.certs.serverCertificate(), "not a certificate\n");
            waitFor(() -> log.messages().stream().anyMatch(m -> m.startsWith("tls_reload_failed: authz-service")
                    && m.contains("authz-service.pem")));
        }

        assertThat(MutualTlsService.stub(service.gateway()).check(Requests.check(ALIAS)).getDecision())
                .isEqualTo(Decision.DECISION_ALLOW);
    }
}
