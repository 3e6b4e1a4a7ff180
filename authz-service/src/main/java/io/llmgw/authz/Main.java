package io.llmgw.authz;

import io.helidon.config.Config;
import io.llmgw.authz.config.AuthzConfig;
import io.llmgw.authz.config.DuplicateKeyCheck;
import java.util.logging.Logger;

/**
 * Starts the authz-service on its configuration and serves until stopped; {@code policy ...}
 * runs the policy tools instead ({@link io.llmgw.authz.tools.PolicyCli}).
 */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("policy")) {
            // The policy tools (replay, explain) share the service's engine, so they ship in its jar.
            System.exit(io.llmgw.authz.tools.PolicyCli.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        DuplicateKeyCheck.requireNoDuplicateKeys();
        AuthzConfig config = AuthzConfig.from(Config.create());
        AuthzApplication app = AuthzApplication.start(config);
        LOG.info(() -> "authz-service listening on " + config.host() + ":" + app.port() + " (engine " + config.engine()
                + ", policy revision " + (app.revision().isEmpty() ? "none yet" : app.revision()) + ", metrics on :"
                + app.metricsPort() + "/metrics)");
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
        app.awaitTermination();
    }
}
