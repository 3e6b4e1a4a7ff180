package io.llmgw.authz;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.llmgw.authz.config.AuthzConfig;
import io.llmgw.authz.config.DuplicateKeyCheck;
import io.llmgw.tls.CertsCommand;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * Starts the authz-service on its configuration and serves until stopped; {@code policy ...}
 * runs the policy tools instead ({@link io.llmgw.authz.tools.PolicyCli}), {@code certs ...}
 * manages the demo certificates ({@link CertsCommand}).
 */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("policy")) {
            // The policy tools (replay, explain) share the service's engine, so they ship in its jar.
            System.exit(io.llmgw.authz.tools.PolicyCli.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("certs")) {
            System.exit(CertsCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        AuthzConfig config;
        AuthzApplication app;
        try {
            DuplicateKeyCheck.requireNoDuplicateKeys();
            config = AuthzConfig.from(Config.create());
            app = AuthzApplication.start(config);
        } catch (ConfigException | IllegalArgumentException e) {
            // A configuration mistake (a missing certificate file included): one line naming it.
            System.err.println("authz-service: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info(() -> "authz-service listening on " + config.host() + ":" + app.port() + " ("
                + (config.security().tls() ? "mutual TLS" : "PLAINTEXT") + ", reflection "
                + (config.security().reflection() ? "on" : "off") + ", engine " + config.engine() + ", policy revision "
                + (app.revision().isEmpty() ? "none yet" : app.revision()) + ", metrics on :" + app.metricsPort()
                + "/metrics)");
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
        app.awaitTermination();
    }
}
