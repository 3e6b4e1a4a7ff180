package io.llmgw.authz;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.helidon.config.Config;
import io.llmgw.authz.config.AuthzConfig;
import io.llmgw.authz.grpc.AuthzServer;
import io.llmgw.authz.policy.PolicyBundle;
import io.llmgw.authz.policy.PolicyEngine;
import io.llmgw.authz.policy.WasmPolicyEngine;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** Starts the authz-service: loads the policy bundle and serves gRPC until stopped. */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {}

    public static void main(String[] args) throws Exception {
        AuthzConfig config = AuthzConfig.from(Config.create());
        PolicyBundle bundle = PolicyBundle.read(config.bundle());
        PolicyEngine engine = new WasmPolicyEngine(bundle, config.entrypoint(), config.poolSize(), config.warmupEvaluations());
        Server server = AuthzServer.configure(
                        NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port())), engine)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build()
                .start();
        LOG.info(() -> "authz-service listening on " + config.host() + ":" + server.getPort()
                + " with policy revision " + bundle.revision() + " from " + config.bundle());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            engine.close();
        }));
        server.awaitTermination();
    }
}
