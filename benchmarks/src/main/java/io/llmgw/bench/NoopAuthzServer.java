package io.llmgw.bench;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * A gRPC server that answers every {@code Check} with a fixed allow, on the same transport
 * and executor as the authz-service: the transport floor load tests compare against.
 * Usage: {@code NoopAuthzServer [port]}.
 */
public final class NoopAuthzServer {

    private NoopAuthzServer() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9193;
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(new CheckBenchmark.NoopAuthorization())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build()
                .start();
        System.out.println("no-op authz listening on 127.0.0.1:" + server.getPort());
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        server.awaitTermination();
    }
}
