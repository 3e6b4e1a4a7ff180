package io.llmgw.authz.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command-line gRPC health check for scripts, over mutual TLS with the demo client
 * certificate unless told otherwise. Prints the serving status and exits 0 only when it is
 * SERVING (1: not serving, 2: no answer).
 */
@Command(name = "HealthProbe", mixinStandardHelpOptions = true,
        description = "Asks the authz-service's gRPC health service whether it is SERVING.")
public final class HealthProbe implements Callable<Integer> {

    @Parameters(index = "0", defaultValue = "127.0.0.1:9191", description = "host:port (default: ${DEFAULT-VALUE})")
    String target;

    @Parameters(index = "1", defaultValue = "", description = "service name (default: all services)")
    String service;

    @Option(names = "--ca", defaultValue = "demo-certs/ca.pem", description = "CA of the server (default: ${DEFAULT-VALUE})")
    Path ca;

    @Option(names = "--cert", defaultValue = "demo-certs/gateway.pem",
            description = "client certificate (default: ${DEFAULT-VALUE})")
    Path cert;

    @Option(names = "--key", defaultValue = "demo-certs/gateway-key.pem",
            description = "client key (default: ${DEFAULT-VALUE})")
    Path key;

    @Option(names = "--plaintext", description = "no TLS (a service started with authz.tls.enabled=false)")
    boolean plaintext;

    public static void main(String[] args) {
        System.exit(new CommandLine(new HealthProbe()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        ChannelCredentials credentials = plaintext ? InsecureChannelCredentials.create()
                : TlsChannelCredentials.newBuilder().keyManager(cert.toFile(), key.toFile())
                        .trustManager(ca.toFile()).build();
        ManagedChannel channel = NettyChannelBuilder.forTarget(target, credentials).build();
        try {
            ServingStatus status = HealthGrpc.newBlockingStub(channel)
                    // A fresh JVM's first TLS handshake takes seconds on a loaded machine.
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(service).build())
                    .getStatus();
            System.out.println(target + " " + (service.isEmpty() ? "(all services)" : service) + ": " + status);
            return status == ServingStatus.SERVING ? 0 : 1;
        } catch (StatusRuntimeException e) {
            System.out.println(target + ": " + e.getStatus().getCode()
                    + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription()));
            return 2;
        } finally {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
    }
}
