package io.llmgw.authz.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.tls.CertificateAuthority;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code authz.reflection: true}, reflection answers allowed callers, and only them. */
class ReflectionConfiguredTest {

    @TempDir
    static Path dir;

    private static MutualTlsService service;

    @BeforeAll
    static void start() {
        service = new MutualTlsService(dir, true);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void reflection_allowedCaller_listsTheAuthorizationService() throws Exception {
        assertThat(MutualTlsService.listServices(service.gateway())).contains(AuthorizationServiceGrpc.SERVICE_NAME);
    }

    @Test
    void reflection_callerNotOnAllowList_permissionDenied() throws Exception {
        Path cert = dir.resolve("stranger.pem");
        Path key = dir.resolve("stranger-key.pem");
        CertificateAuthority.load(service.certs.caCertificate(), service.certs.caKey()).issue("stranger", List.of(),
                List.of(), CertificateAuthority.Usage.CLIENT, Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1))).write(cert, key);

        assertThatThrownBy(() -> MutualTlsService.listServices(service.presenting(cert, key)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.PERMISSION_DENIED));
    }
}
