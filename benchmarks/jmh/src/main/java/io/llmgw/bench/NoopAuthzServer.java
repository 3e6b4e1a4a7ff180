package io.llmgw.bench;

import io.grpc.Server;
import io.llmgw.authz.grpc.ServerEventLoops;
import java.net.InetSocketAddress;

/**
 * A gRPC server that answers every {@code Check} with a fixed allow, on the same transport,
 * event loops and executor (calls run on the event loops) as the authz-service with its
 * default pool: the transport floor load tests compare against.
 * Usage: {@code NoopAuthzServer [port]}.
 */
public final class NoopAuthzServer {

    private NoopAuthzServer() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9193;
        ServerEventLoops eventLoops = new ServerEventLoops(Runtime.getRuntime().availableProcessors());
        Server server = eventLoops.serverBuilder(new InetSocketAddress("127.0.0.1", port), true)
                .addService(new CheckBenchmark.NoopAuthorization())
                .build()
                .start();
        System.out.println("no-op authz listening on 127.0.0.1:" + server.getPort());
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        server.awaitTermination();
    }
}
