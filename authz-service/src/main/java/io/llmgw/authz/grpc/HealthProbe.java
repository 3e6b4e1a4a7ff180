package io.llmgw.authz.grpc;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/**
 * Command-line gRPC health check for scripts: {@code HealthProbe [host:port] [service]}.
 * Prints the serving status and exits 0 only when it is SERVING.
 */
public final class HealthProbe {

    private HealthProbe() {}

    public static void main(String[] args) throws InterruptedException {
        String target = args.length > 0 ? args[0] : "127.0.0.1:9191";
        String service = args.length > 1 ? args[1] : "";
        ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
        int exit;
        try {
            ServingStatus status = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(2, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(service).build())
                    .getStatus();
            System.out.println(target + " " + (service.isEmpty() ? "(all services)" : service) + ": " + status);
            exit = status == ServingStatus.SERVING ? 0 : 1;
        } catch (StatusRuntimeException e) {
            System.out.println(target + ": " + e.getStatus().getCode());
            exit = 2;
        } finally {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
        System.exit(exit);
    }
}
