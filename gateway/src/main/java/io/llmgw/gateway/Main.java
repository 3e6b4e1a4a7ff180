package io.llmgw.gateway;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.llmgw.gateway.authz.GrpcAuthzClient;
import io.llmgw.gateway.config.GatewayConfig;
import io.llmgw.gateway.http.GatewayRoutes;
import io.llmgw.gateway.upstream.MockProvider;
import java.util.logging.Logger;

/** Starts the gateway on its configured port, wired to the authz-service over gRPC. */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {}

    public static void main(String[] args) {
        Config config = Config.create();
        GatewayConfig gateway = GatewayConfig.from(config);
        ManagedChannel channel = NettyChannelBuilder.forTarget(gateway.authzTarget()).usePlaintext().build();
        var authz = new GrpcAuthzClient(channel, gateway.authzDeadline());
        var upstream = new MockProvider();
        WebServer server = WebServer.builder()
                .config(config.get("server"))
                .routing(routing -> GatewayRoutes.register(routing, gateway.keys(), gateway.models(), authz, upstream))
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(channel::shutdownNow));
        LOG.info(() -> "gateway listening on http://localhost:" + server.port() + "/v1, authz-service at "
                + gateway.authzTarget());
    }
}
