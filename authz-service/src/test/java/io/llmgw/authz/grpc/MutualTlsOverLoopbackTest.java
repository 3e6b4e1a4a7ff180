package io.llmgw.authz.grpc;

import static io.llmgw.authz.Requests.ALIAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.llmgw.authz.LogCapture;
import io.llmgw.authz.Requests;
import io.llmgw.authz.v1.Decision;
import io.llmgw.tls.CertificateAuthority;
import io.llmgw.tls.CertificateAuthority.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC port over real TLS on loopback: who gets a decision, who is refused and how, and
 * that each refusal leaves the service answering its allowed caller.
 */
class MutualTlsOverLoopbackTest {

    private static final String TRUST_LOGGER = "io.llmgw.tls.RefusalLoggingTrustManager";

    @TempDir
    static Path dir;

    private static MutualTlsService service;

    @BeforeAll
    static void start() {
        service = new MutualTlsService(dir, false);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @AfterEach
    void allowedCallerStillServed() {
        var response = MutualTlsService.stub(service.gateway()).check(Requests.check(ALIAS));
        assertThat(response.getDecision()).isEqualTo(Decision.DECISION_ALLOW);
    }

    private static Path[] issue(CertificateAuthority ca, String name, List<String> dnsNames, Instant notBefore,
            Instant notAfter) {
        Path cert = dir.resolve(name.replaceAll("[^a-z-]", "_") + ".pem");
        Path key = dir.resolve(name.replaceAll("[^a-z-]", "_") + "-key.pem");
        ca.issue(name, dnsNames, List.of(), Usage.CLIENT, notBefore, notAfter).write(cert, key);
        return new Path[] {cert, key};
    }

    private static CertificateAuthority demoCa() throws Exception {
        return CertificateAuthority.load(service.certs.caCertificate(), service.certs.caKey());
    }

    private static StatusRuntimeException refusal(ManagedChannel channel) {
        return (StatusRuntimeException) catchThrowable(
                () -> MutualTlsService.stub(channel).check(Requests.check(ALIAS)));
    }

    @Test
    void check_allowedClientCertificate_getsDecisionAndHealth() {
        ManagedChannel channel = service.gateway();

        assertThat(MutualTlsService.stub(channel).check(Requests.check(ALIAS)).getDecision())
                .isEqualTo(Decision.DECISION_ALLOW);
        assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void check_plaintextCallToTlsPort_unavailable() {
        assertThat(refusal(service.plaintext()).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void check_noClientCertificate_refusedInHandshake() {
        StatusRuntimeException e = refusal(service.presenting(null, null));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void check_certificateOfAnotherCa_refusedAndLogged() {
        var other = CertificateAuthority.create("llmgw demo CA", Instant.now().plus(Duration.ofDays(1)));
        Path[] files = issue(other, "llmgw-gateway", List.of("llmgw-gateway"), Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));

        try (var log = LogCapture.of(Logger.getLogger(TRUST_LOGGER))) {
            assertThat(refusal(service.presenting(files[0], files[1])).getStatus().getCode())
                    .isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(log.messages()).anySatisfy(m -> assertThat(m).startsWith("client_certificate_refused:")
                    .contains("subject=\"CN=llmgw-gateway\""));
        }
    }

    @Test
    void check_expiredClientCertificate_refusedAndLogged() throws Exception {
        Path[] files = issue(demoCa(), "llmgw-gateway", List.of("llmgw-gateway"),
                Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1)));

        try (var log = LogCapture.of(Logger.getLogger(TRUST_LOGGER))) {
            assertThat(refusal(service.presenting(files[0], files[1])).getStatus().getCode())
                    .isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(log.messages()).anySatisfy(m -> assertThat(m).startsWith("client_certificate_refused:")
                    .contains("not_after=" + Instant.now().minus(Duration.ofDays(1)).toString().substring(0, 10)));
        }
    }

    @Test
    void check_identityNotOnAllowList_permissionDeniedBeforePolicyAndLoggedEscaped() throws Exception {
        // A name crafted to forge a second log line: it must arrive escaped, on one line.
        Path[] files = issue(demoCa(), "intruder", List.of("intruder\nINFO: forged"), Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));

        try (var log = LogCapture.of(CallerAuthorization.class)) {
            StatusRuntimeException e = refusal(service.presenting(files[0], files[1]));

            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).contains("not allowed");
            assertThat(log.messages()).singleElement().satisfies(m -> assertThat(m)
                    .startsWith("caller_not_allowed: refused the client certificate subject=\"CN=intruder\"")
                    .contains("\"intruder\\nINFO: forged\"")
                    .doesNotContain("\n"));
        }
    }

    @Test
    void check_nameOnAllowListOnlyAsSan_allowed() throws Exception {
        Path[] files = issue(demoCa(), "second-gateway-host", List.of("llmgw-gateway"), Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));

        assertThat(MutualTlsService.stub(service.presenting(files[0], files[1])).check(Requests.check(ALIAS))
                .getDecision()).isEqualTo(Decision.DECISION_ALLOW);
    }

    @Test
    void reflection_offByDefault_unimplemented() {
        assertThatThrownBy(() -> MutualTlsService.listServices(service.gateway()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.UNIMPLEMENTED));
    }
}
