package io.llmgw.authz;

import io.helidon.config.Config;
import io.llmgw.authz.config.AuthzConfig;
import java.util.logging.Logger;

/** Starts the authz-service on its configuration and serves until stopped. */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {}

    public static void main(String[] args) throws Exception {
        AuthzConfig config = AuthzConfig.from(Config.create());
        AuthzApplication app = AuthzApplication.start(config);
        LOG.info(() -> "authz-service listening on " + config.host() + ":" + app.port() + " (engine " + config.engine()
                + ", policy revision " + (app.revision().isEmpty() ? "none yet" : app.revision()) + ", metrics on :"
                + app.metricsPort() + "/metrics)");
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
        app.awaitTermination();
    }
}
