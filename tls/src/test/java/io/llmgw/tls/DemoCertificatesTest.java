package io.llmgw.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo set: created when missing, kept while valid, created again when expiring or broken. */
class DemoCertificatesTest {

    @TempDir
    Path dir;

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void ensure_emptyFolder_createsCaServerAndClientWithPrivateKeys() throws Exception {
        var demo = new DemoCertificates(dir.resolve("demo"));

        assertThat(demo.ensure(Clock.systemUTC())).contains("is missing");

        X509Certificate ca = PemFiles.readCertificate(demo.caCertificate());
        X509Certificate server = PemFiles.readCertificate(demo.serverCertificate());
        X509Certificate client = PemFiles.readCertificate(demo.clientCertificate());
        server.verify(ca.getPublicKey());
        client.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(CertificateNames.of(server)).contains("llmgw-authz-service", "localhost");
        assertThat(CertificateNames.of(client)).contains(DemoCertificates.CLIENT_NAME);
        for (Path key : new Path[] {demo.caKey(), demo.serverKey(), demo.clientKey()}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("demo"))))
                .isEqualTo("rwx------");
    }

    @Test
    void ensure_validSet_keptUnchanged() throws Exception {
        var demo = new DemoCertificates(dir);
        demo.ensure(Clock.systemUTC());
        byte[] before = Files.readAllBytes(demo.serverCertificate());

        assertThat(demo.ensure(at(Instant.now().plus(Duration.ofDays(30))))).isEmpty();
        assertThat(Files.readAllBytes(demo.serverCertificate())).isEqualTo(before);
    }

    @Test
    void ensure_setAboutToExpire_createdAgain() throws Exception {
        var demo = new DemoCertificates(dir);
        demo.ensure(Clock.systemUTC());
        byte[] before = Files.readAllBytes(demo.caCertificate());

        String reason = demo.ensure(at(Instant.now().plus(DemoCertificates.VALIDITY)));

        assertThat(reason).contains("expires");
        assertThat(Files.readAllBytes(demo.caCertificate())).isNotEqualTo(before);
    }

    @Test
    void ensure_missingOrGarbledFile_createdAgain() throws Exception {
        var demo = new DemoCertificates(dir);
        demo.ensure(Clock.systemUTC());

        Files.delete(demo.clientKey());
        assertThat(demo.ensure(Clock.systemUTC())).contains("gateway-key.pem is missing");
        Files.writeString(demo.serverCertificate(), "garbage");
        assertThat(demo.ensure(Clock.systemUTC())).contains("authz-service.pem is missing or unreadable");
        assertThat(demo.ensure(Clock.systemUTC())).isEmpty();
    }
}
