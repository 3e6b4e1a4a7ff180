package io.llmgw.gateway.testing;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.llmgw.authz.AuthzApplication;
import io.llmgw.authz.config.AuthzConfig;
import io.llmgw.authz.config.DecisionLogConfig;
import io.llmgw.authz.policy.Entrypoints;
import io.llmgw.gateway.authz.GrpcAuthzClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real authz-service, started as its {@code Main} starts it, on a loopback port with the
 * freshly compiled policy bundle (system property {@code llmgw.policy.bundle}), and a gRPC
 * client to it.
 */
public final class RealAuthz implements AutoCloseable {

    private final AuthzApplication service;
    private final ManagedChannel channel;

    public RealAuthz() {
        Path bundle = Path.of(System.getProperty("llmgw.policy.bundle"));
        var config = new AuthzConfig("127.0.0.1", 0, -1, 1024 * 1024, "wasm", bundle, Duration.ofSeconds(1),
                Entrypoints.DEFAULT, 1, 10, AuthzConfig.DEFAULT_DECISION_CACHE_BYTES, URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1),
                new DecisionLogConfig("none", Path.of("unused"), 1024 * 1024, 1, 100, List.of()));
        try {
            service = AuthzApplication.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = NettyChannelBuilder.forAddress("127.0.0.1", service.port()).usePlaintext().build();
    }

    /**
     * A client with a generous deadline: these tests prove decisions, not the latency of a
     * cold JVM.
     */
    public GrpcAuthzClient client() {
        return new GrpcAuthzClient(channel, Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        channel.shutdownNow();
        service.close();
    }
}
