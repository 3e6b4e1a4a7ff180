package io.llmgw.gateway.config;

import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the gateway secures its link to the authz-service ({@code gateway.authz.tls}): mutual
 * TLS by default, presenting {@code certificate} and trusting only servers whose certificate
 * chains to {@code ca} and names the host dialled (or {@code authority}). The defaults are the
 * demo files {@code make run} creates in {@code demo-certs/}.
 *
 * @param enabled false speaks plaintext: for tests only, logged as a warning at start-up
 * @param certificate the gateway's client certificate chain (PEM)
 * @param key the gateway's private key (PKCS#8 PEM)
 * @param ca the CA certificates (PEM) the authz-service's certificate must chain to
 * @param authority the name expected in the server's certificate instead of the target's
 *     host, e.g. when dialling an address; empty: the target's host
 * @param reloadInterval how often the three files are checked for changes (rotation without restart)
 */
public record AuthzTlsConfig(boolean enabled, Path certificate, Path key, Path ca, Optional<String> authority,
        Duration reloadInterval) {

    static final Path DEMO_DIR = Path.of("demo-certs");

    public AuthzTlsConfig {
        Objects.requireNonNull(certificate, "gateway.authz.tls.certificate");
        Objects.requireNonNull(key, "gateway.authz.tls.key");
        Objects.requireNonNull(ca, "gateway.authz.tls.ca");
        Objects.requireNonNull(authority, "gateway.authz.tls.authority");
        if (authority.isPresent() && authority.get().isBlank()) {
            throw new IllegalArgumentException("gateway.authz.tls.authority must be a host name when set");
        }
        Durations.requirePositive("gateway.authz.tls.reload-interval", reloadInterval);
    }

    /** Mutual TLS with the demo-layout files of {@code dir} (the gateway's certificate and the CA). */
    public static AuthzTlsConfig mutualTls(Path dir) {
        return new AuthzTlsConfig(true, dir.resolve("gateway.pem"), dir.resolve("gateway-key.pem"),
                dir.resolve("ca.pem"), Optional.empty(), Duration.ofSeconds(10));
    }

    /** Plaintext: for tests that are not about the transport (logged as a warning when used). */
    public static AuthzTlsConfig plaintext() {
        var unused = Path.of("unused");
        return new AuthzTlsConfig(false, unused, unused, unused, Optional.empty(), Duration.ofSeconds(10));
    }

    /** Reads the {@code gateway.authz.tls} node. */
    static AuthzTlsConfig from(Config node) {
        var demo = mutualTls(DEMO_DIR);
        return new AuthzTlsConfig(
                node.get("enabled").asBoolean().orElse(true),
                node.get("certificate").as(Path.class).orElse(demo.certificate()),
                node.get("key").as(Path.class).orElse(demo.key()),
                node.get("ca").as(Path.class).orElse(demo.ca()),
                node.get("authority").asString().asOptional().filter(s -> !s.isEmpty()),
                node.get("reload-interval").as(Duration.class).orElse(demo.reloadInterval()));
    }
}
