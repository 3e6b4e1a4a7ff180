package io.llmgw.gateway;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServer;
import io.llmgw.gateway.audit.EnforcementLog;
import io.llmgw.gateway.authz.AuthzChannels;
import io.llmgw.gateway.authz.AuthzWarmup;
import io.llmgw.gateway.authz.GrpcAuthzClient;
import io.llmgw.gateway.cli.GatewayCli;
import io.llmgw.gateway.config.ApplicationYaml;
import io.llmgw.gateway.config.ConfigFileException;
import io.llmgw.gateway.config.GatewayConfig;
import io.llmgw.gateway.config.YamlNode;
import io.llmgw.gateway.http.Gateway;
import io.llmgw.gateway.http.GatewayMetrics;
import io.llmgw.gateway.http.GatewayRoutes;
import io.llmgw.gateway.keys.KeyFileWatcher;
import io.llmgw.gateway.models.CatalogLoader;
import io.llmgw.gateway.upstream.MockProvider;
import io.llmgw.gateway.upstream.OpenAiCompatibleProvider;
import io.llmgw.gateway.upstream.Providers;
import io.llmgw.gateway.upstream.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/** Starts the gateway (no arguments, or {@code serve}), or runs a command such as {@code create-key}. */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());
    /** Deadline of the start-up warm-up calls, which meet cold JVMs. */
    private static final Duration WARMUP_DEADLINE = Duration.ofSeconds(2);

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && !"serve".equals(args[0])) {
            System.exit(GatewayCli.run(args));
        }
        try {
            ApplicationYaml.requireNoDuplicateKeys();
            serve(Config.create());
        } catch (ConfigFileException | ConfigException | IllegalArgumentException e) {
            // A configuration mistake: one line naming the key, no stack trace.
            System.err.println("gateway: cannot start: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Loads configuration, key file and catalog, connects to the authz-service and serves. */
    static WebServer serve(Config config) {
        GatewayConfig settings = GatewayConfig.from(config);
        var catalog = CatalogLoader.load(YamlNode.read(settings.catalogFile()), System::getenv)
                .requireCallable(settings.failOnUnsupported(), settings.catalogFile().toString());
        catalog.warnings().forEach(LOG::warning);
        catalog.unsupported().forEach(line -> LOG.warning("unsupported_deployment " + line
                + "; left out of listings, calls answer 501"));
        var keys = KeyFileWatcher.start(settings.keys().file(), settings.keys().reloadInterval(), Clock.systemUTC(),
                settings.keys().allowDemoKeys());
        if (settings.keys().allowDemoKeys()) {
            LOG.warning("gateway.keys.allow-demo-keys is on: the public demo keys work. Never run it so in production.");
        }
        // Several connections per target, round_robin over every replica a DNS name returns.
        AuthzChannels channels = AuthzChannels.open(settings.authz());
        var authz = new GrpcAuthzClient(channels.all(), settings.authz().deadline(), settings.authz().readinessTimeout(),
                settings.authz().targets().size() > 1);
        AuthzWarmup.run(new GrpcAuthzClient(channels.all(), WARMUP_DEADLINE, settings.authz().readinessTimeout(),
                false),
                settings.authz().startupWait());
        var up = settings.upstream();
        var providers = new Providers(new MockProvider(up.mockLatency(), up.mockChunkInterval()),
                new OpenAiCompatibleProvider(up.connectTimeout(), up.limits()), up.timeout(),
                new RetryPolicy(up.retries(), up.retryBackoff()));
        var metrics = new GatewayMetrics(Services.get(MeterRegistry.class));
        metrics.watch(keys);
        EnforcementLog enforcementLog = EnforcementLog.open(settings.enforcementLog());
        metrics.watch(enforcementLog);
        var gateway = new Gateway(keys, catalog.catalog(), authz, providers, settings.http(), settings.admission(),
                metrics, settings.policy(), Gateway.enforcer(settings.policy()), enforcementLog);
        WebServer server = WebServer.builder()
                .config(config.get("server"))
                .addFeature(GatewayRoutes.observe(gateway))
                .directHandlers(GatewayRoutes.directHandlers(gateway))
                .routing(routing -> GatewayRoutes.register(routing, gateway))
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            channels.close();
            enforcementLog.close();
        }));
        LOG.info(() -> "gateway listening on http://localhost:" + server.port() + "/v1 with models from "
                + settings.catalogFile() + ", keys from " + settings.keys().file() + " (watched), authz-service at "
                + settings.authz().target() + (settings.authz().tls().enabled() ? " over mutual TLS" : " in PLAINTEXT"));
        return server;
    }

}
