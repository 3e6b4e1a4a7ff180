package io.llmgw.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The demo's private CA and the two certificates of the decision link, in one folder
 * ({@code demo-certs/} under {@code make run}, git-ignored): the authz-service's server
 * certificate (names {@code localhost}, {@value #SERVER_NAME}, 127.0.0.1 and ::1) and the
 * gateway's client certificate ({@code CN=}{@value #CLIENT_NAME}, the name the
 * authz-service's default allow list accepts). {@link #ensure} creates the whole set when a
 * file is missing, unreadable or within a day of expiry, and otherwise leaves it alone, so a
 * running system keeps its certificates across restarts.
 */
public final class DemoCertificates {

    /** Name in the authz-service's certificate, besides {@code localhost} and the loopback addresses. */
    public static final String SERVER_NAME = "llmgw-authz-service";
    /** Name in the gateway's client certificate (subject CN and DNS SAN). */
    public static final String CLIENT_NAME = "llmgw-gateway";

    static final Duration VALIDITY = Duration.ofDays(90);
    static final Duration RENEW_BEFORE = Duration.ofDays(1);

    private final Path dir;

    /** The demo set in {@code dir}. */
    public DemoCertificates(Path dir) {
        this.dir = dir;
    }

    /** CA certificate, trusted by both sides. */
    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    /** CA private key, kept so that more certificates can be issued ({@code certs issue}). */
    public Path caKey() {
        return dir.resolve("ca-key.pem");
    }

    /** The authz-service's certificate. */
    public Path serverCertificate() {
        return dir.resolve("authz-service.pem");
    }

    /** The authz-service's private key. */
    public Path serverKey() {
        return dir.resolve("authz-service-key.pem");
    }

    /** The gateway's client certificate. */
    public Path clientCertificate() {
        return dir.resolve("gateway.pem");
    }

    /** The gateway's private key. */
    public Path clientKey() {
        return dir.resolve("gateway-key.pem");
    }

    /**
     * Creates the set unless every file is there and every certificate is valid for at least
     * another day; returns why it was (re)created, or empty when it was kept.
     */
    public String ensure(Clock clock) throws IOException {
        String reason = staleness(clock.instant());
        if (!reason.isEmpty()) {
            create(clock.instant());
        }
        return reason;
    }

    private String staleness(Instant now) {
        for (Path file : List.of(caKey(), serverKey(), clientKey())) {
            if (!Files.isRegularFile(file)) {
                return file + " is missing";
            }
        }
        for (Path file : List.of(caCertificate(), serverCertificate(), clientCertificate())) {
            try {
                X509Certificate c = PemFiles.readCertificate(file);
                if (c.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
                    return file + " expires " + c.getNotAfter().toInstant();
                }
            } catch (IOException e) {
                return file + " is missing or unreadable";
            }
        }
        return "";
    }

    private void create(Instant now) throws IOException {
        Files.createDirectories(dir);
        PemFiles.setPermissions(dir, "rwx------");
        Instant notAfter = now.plus(VALIDITY);
        CertificateAuthority ca = CertificateAuthority.create("llmgw demo CA", notAfter.plus(Duration.ofDays(1)));
        Instant notBefore = now.minusSeconds(60);
        ca.issue(SERVER_NAME, List.of("localhost", SERVER_NAME), List.of("127.0.0.1", "::1"),
                CertificateAuthority.Usage.SERVER, notBefore, notAfter).write(serverCertificate(), serverKey());
        ca.issue(CLIENT_NAME, List.of(CLIENT_NAME), List.of(), CertificateAuthority.Usage.CLIENT, notBefore, notAfter)
                .write(clientCertificate(), clientKey());
        ca.write(caCertificate(), caKey());
    }
}
