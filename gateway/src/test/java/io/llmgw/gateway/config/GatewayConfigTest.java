package io.llmgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
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
}
