package io.llmgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults live beside each record; bad values stop start-up naming their key. */
class GatewayConfigTest {

    private static GatewayConfig read(Map<String, String> values) {
        return GatewayConfig.from(Config.just(ConfigSources.create(values)));
    }

    @Test
    void from_onlyFiles_defaults() {
        var config = read(Map.of("gateway.keys.file", "k.yaml", "gateway.models.file", "m.yaml"));

        assertThat(config.authz().deadline()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.authz().target()).isEqualTo("127.0.0.1:9191");
        assertThat(config.http().maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(config.upstream().timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.authz().reconnectInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.authz().tls()).isEqualTo(AuthzTlsConfig.mutualTls(Path.of("demo-certs")));
        assertThat(config.upstream().retries()).isEqualTo(2);
        assertThat(config.upstream().retryBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.failOnUnsupported()).isFalse();
        assertThat(config.enforcementLog()).isEqualTo(EnforcementLogConfig.defaults());
        assertThat(config.enforcementLog().output()).isEqualTo("stdout");
    }

    @Test
    void from_enforcementLogToFile_read() {
        var config = read(Map.of("gateway.keys.file", "k", "gateway.models.file", "m",
                "gateway.enforcement-log.output", "file", "gateway.enforcement-log.file", "var/log/enforcement.log",
                "gateway.enforcement-log.files", "2"));

        assertThat(config.enforcementLog().output()).isEqualTo("file");
        assertThat(config.enforcementLog().file()).isEqualTo(Path.of("var/log/enforcement.log"));
        assertThat(config.enforcementLog().files()).isEqualTo(2);
    }

    @Test
    void from_enforcementLogUnknownOutput_failsNamingKey() {
        assertThatThrownBy(() -> read(Map.of("gateway.keys.file", "k", "gateway.models.file", "m",
                "gateway.enforcement-log.output", "syslog")))
                .hasMessageContaining("gateway.enforcement-log.output must be stdout, file or none");
    }

    @Test
    void from_retriesAndStrictCatalog_read() {
        var config = read(Map.of("gateway.keys.file", "k", "gateway.models.file", "m", "gateway.upstream.retries", "0",
                "gateway.upstream.retry-backoff", "PT1S", "gateway.models.fail-on-unsupported", "true"));

        assertThat(config.upstream().retries()).isZero();
        assertThat(config.upstream().retryBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.failOnUnsupported()).isTrue();
    }

    @Test
    void from_negativeRetries_failsNamingKey() {
        assertThatThrownBy(() -> read(Map.of("gateway.keys.file", "k", "gateway.models.file", "m",
                "gateway.upstream.retries", "-1"))).hasMessage("gateway.upstream.retries must not be negative, was -1");
    }

    @Test
    void from_tlsSettings_read() {
        var config = read(Map.of("gateway.keys.file", "k", "gateway.models.file", "m",
                "gateway.authz.tls.enabled", "false", "gateway.authz.tls.ca", "/etc/llmgw/ca.pem",
                "gateway.authz.tls.authority", "authz.internal"));

        assertThat(config.authz().tls().enabled()).isFalse();
        assertThat(config.authz().tls().ca()).isEqualTo(Path.of("/etc/llmgw/ca.pem"));
        assertThat(config.authz().tls().authority()).contains("authz.internal");
    }

    @Test
    void from_isoDeadline_read() {
        var config = read(Map.of("gateway.keys.file", "k", "gateway.models.file", "m", "gateway.authz.deadline",
                "PT0.2S"));

        assertThat(config.authz().deadline()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void from_zeroDeadline_failsNamingKey() {
        assertThatThrownBy(() -> read(Map.of("gateway.keys.file", "k", "gateway.models.file", "m",
                "gateway.authz.deadline", "PT0S"))).hasMessageStartingWith("gateway.authz.deadline must be a positive");
    }

    @Test
    void from_zeroReconnectInterval_failsNamingKey() {
        assertThatThrownBy(() -> read(Map.of("gateway.keys.file", "k", "gateway.models.file", "m",
                "gateway.authz.reconnect-interval", "PT0S")))
                .hasMessageStartingWith("gateway.authz.reconnect-interval must be a positive");
    }

    @Test
    void from_noKeyFile_failsNamingKey() {
        assertThatThrownBy(() -> read(Map.of("gateway.models.file", "m"))).hasMessage("gateway.keys.file is required");
    }

    @Test
    void admissionDefaults_fromHeapAndCpus() {
        long mib = 1024 * 1024;

        var small = AdmissionConfig.defaults(96 * mib, 2, 10 * mib);
        var large = AdmissionConfig.defaults(4096 * mib, 8, 10 * mib);

        assertThat(small).isEqualTo(new AdmissionConfig(128, 32, Duration.ofMillis(20), 24 * mib));
        assertThat(AdmissionConfig.defaults(16 * mib, 2, 10 * mib).maxInFlight()).isEqualTo(64);
        assertThat(large.maxInFlight()).isEqualTo(512);
        assertThat(AdmissionConfig.defaults(16 * mib, 2, 10 * mib).maxBodyMemoryBytes()).isEqualTo(10 * mib);
    }

    @Test
    void from_admissionAndConnections_read() {
        var config = read(Map.of("gateway.keys.file", "k", "gateway.models.file", "m",
                "gateway.admission.max-in-flight", "7", "gateway.authz.connections", "3",
                "gateway.authz.target", "a:1, b:2"));

        assertThat(config.admission().maxInFlight()).isEqualTo(7);
        assertThat(config.authz().connections()).isEqualTo(3);
        assertThat(config.authz().targets()).containsExactly("a:1", "b:2");
    }

    @Test
    void from_bodyMemoryBelowLargestBody_failsNamingBothKeys() {
        assertThatThrownBy(() -> read(Map.of("gateway.keys.file", "k", "gateway.models.file", "m",
                "gateway.admission.max-body-memory-bytes", "1000", "gateway.http.max-body-bytes", "2000")))
                .hasMessageContaining("gateway.admission.max-body-memory-bytes").hasMessageContaining("gateway.http.max-body-bytes");
    }
}
