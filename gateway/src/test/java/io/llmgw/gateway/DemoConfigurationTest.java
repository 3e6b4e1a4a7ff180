package io.llmgw.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.config.Config;
import io.llmgw.gateway.config.ConfigFileException;
import io.llmgw.gateway.config.GatewayConfig;
import io.llmgw.gateway.config.YamlNode;
import io.llmgw.gateway.keys.Authentication;
import io.llmgw.gateway.keys.KeyFileLoader;
import io.llmgw.gateway.models.CatalogLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What {@code make run} serves: the packaged defaults and the demo files, as Main reads them. */
class DemoConfigurationTest {

    /** Maven runs tests in the module folder; the demo paths are relative to the repository root. */
    private static final Path ROOT = Path.of("..");

    private final GatewayConfig config = GatewayConfig.from(Config.create());

    @Test
    void defaults_port4000AndFiftyMillisecondDeadline() {
        assertThat(Config.create().get("server.port").asInt().get()).isEqualTo(4000);
        assertThat(config.authz().deadline()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.http().maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(config.keys().reloadInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void defaults_refuseThePublicDemoKeys() {
        assertThat(config.keys().allowDemoKeys()).isFalse();
        assertThatThrownBy(() -> KeyFileLoader.load(YamlNode.read(ROOT.resolve(config.keys().file())),
                Clock.systemUTC(), config.keys().allowDemoKeys()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("keys[0].sha256 is the hash of the public demo key sk-demo-alias-only")
                .hasMessageContaining("GATEWAY_KEYS_ALLOW_DEMO_KEYS=true");
    }


    @Test
    void demoCatalog_aliasResolvesToBfloat16OnMock() {
        var catalog = CatalogLoader.load(YamlNode.read(ROOT.resolve(config.catalogFile())), name -> null);

        var alias = catalog.catalog().resolve("Qwen/Qwen3-Coder-480B-A35B-Instruct").orElseThrow();
        assertThat(alias.resolved()).isEqualTo("Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16");
        assertThat(alias.provider()).isEqualTo("mock");
        assertThat(catalog.warnings()).isEmpty();
        assertThat(catalog.unsupported()).isEmpty();
        assertThat(config.failOnUnsupported()).isFalse();
    }

    @Test
    void demoKeys_aliasOnlyKeyGrantedOnlyTheAliasOtherKeyAnotherModel() {
        var keys = KeyFileLoader.load(YamlNode.read(ROOT.resolve(config.keys().file())), Clock.systemUTC());

        var aliasOnly = ((Authentication.Authenticated) keys.authenticate("sk-demo-alias-only")).principal();
        var other = ((Authentication.Authenticated) keys.authenticate("sk-demo-other")).principal();
        assertThat(aliasOnly.keyModels()).containsExactly("Qwen/Qwen3-Coder-480B-A35B-Instruct");
        assertThat(other.keyModels()).containsExactly("gpt-4o-mini");
    }

    @Test
    void demoKeys_limitedKeyInTheTeamThePolicySettingsShape() {
        var keys = KeyFileLoader.load(YamlNode.read(ROOT.resolve(config.keys().file())), Clock.systemUTC());

        var limited = ((Authentication.Authenticated) keys.authenticate("sk-demo-limited")).principal();
        assertThat(limited.teamId()).isEqualTo("demo-limited");
        assertThat(limited.teamMetadata()).containsEntry("tier", "limited");
        assertThat(limited.keyModels()).containsExactly("gpt-4o-mini");
    }

    @Test
    void defaults_policySeesOnlyTheProjectHeaderAndAddsNoCredentials() {
        assertThat(config.policy().inputHeaders()).containsExactly("x-project");
        assertThat(config.policy().upstreamHeaders()).doesNotContain("authorization", "api-key");
    }
}
