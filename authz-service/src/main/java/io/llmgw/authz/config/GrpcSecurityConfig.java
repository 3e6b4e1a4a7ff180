package io.llmgw.authz.config;

import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Who may reach the gRPC port and what it exposes ({@code authz.tls.*}, {@code authz.reflection}).
 * By default the port speaks only mutual TLS: the caller must present a certificate signed
 * by {@code clientCa} whose subject CN or a subject alternative name is in
 * {@code allowedClients}. The defaults are the demo files {@code make run} creates.
 *
 * @param tls false serves plaintext to anyone who can reach the port: for tests only, and
 *     logged as a warning at start-up
 * @param certificate the server's certificate chain (PEM)
 * @param key the server's private key (PKCS#8 PEM)
 * @param clientCa the CA certificates (PEM) a client certificate must chain to
 * @param allowedClients names accepted as callers (subject CN, DNS, URI or e-mail SAN); never empty with TLS on
 * @param reloadInterval how often the three files are checked for changes (rotation without restart)
 * @param reflection whether the gRPC reflection service is offered (to authorized callers only)
 */
public record GrpcSecurityConfig(boolean tls, Path certificate, Path key, Path clientCa, List<String> allowedClients,
        Duration reloadInterval, boolean reflection) {

    /** Folder of the demo set {@code make run} creates, relative to the working directory. */
    public static final Path DEMO_DIR = Path.of("demo-certs");

    public GrpcSecurityConfig {
        Objects.requireNonNull(certificate, "authz.tls.certificate");
        Objects.requireNonNull(key, "authz.tls.key");
        Objects.requireNonNull(clientCa, "authz.tls.client-ca");
        allowedClients = List.copyOf(allowedClients);
        if (tls && allowedClients.isEmpty()) {
            throw new IllegalArgumentException("authz.tls.allowed-clients must name at least one client certificate"
                    + " identity (subject CN or SAN), or every caller would be refused");
        }
        if (allowedClients.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("authz.tls.allowed-clients must not hold blank names");
        }
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("authz.tls.reload-interval must be positive, was " + reloadInterval);
        }
    }

    /** Mutual TLS with the demo files of {@code dir}, allowing {@code allowedClients}. */
    public static GrpcSecurityConfig mutualTls(Path dir, List<String> allowedClients) {
        return new GrpcSecurityConfig(true, dir.resolve("authz-service.pem"), dir.resolve("authz-service-key.pem"),
                dir.resolve("ca.pem"), allowedClients, Duration.ofSeconds(10), false);
    }

    /** Plaintext, reflection off: for tests that are not about the transport. */
    public static GrpcSecurityConfig plaintext() {
        return new GrpcSecurityConfig(false, Path.of("unused"), Path.of("unused"), Path.of("unused"), List.of(),
                Duration.ofSeconds(10), false);
    }

    /** Reads {@code authz.tls} and {@code authz.reflection} from the {@code authz} node. */
    static GrpcSecurityConfig from(Config authz) {
        Config c = authz.get("tls");
        var demo = mutualTls(DEMO_DIR, List.of("llmgw-gateway"));
        return new GrpcSecurityConfig(
                c.get("enabled").asBoolean().orElse(true),
                c.get("certificate").as(Path.class).orElse(demo.certificate()),
                c.get("key").as(Path.class).orElse(demo.key()),
                c.get("client-ca").as(Path.class).orElse(demo.clientCa()),
                c.get("allowed-clients").asList(String.class).orElse(demo.allowedClients()),
                c.get("reload-interval").as(Duration.class).orElse(demo.reloadInterval()),
                authz.get("reflection").asBoolean().orElse(false));
    }
}
