package io.llmgw.gateway.authz;

import io.grpc.ManagedChannel;
import io.llmgw.gateway.config.AuthzClientConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The gRPC channels to the authz-service: {@code connections} channels for each configured
 * target, each balancing {@code round_robin} over every address its target resolves to (all
 * replicas behind a {@code dns:///} name). The service evaluates a connection's checks on the
 * one event loop that reads it, so a single connection would hold a gateway's checks to one
 * authz core; several spread them over its event loops. {@link GrpcAuthzClient} takes turns
 * over the channels and retries an {@code UNAVAILABLE} call on the next one.
 */
public final class AuthzChannels implements AutoCloseable {

    private final List<ManagedChannel> channels;
    private final List<ReconnectWatch> watches = new ArrayList<>();

    private final AuthzTransport transport;

    private AuthzChannels(List<ManagedChannel> channels, Duration reconnectInterval, AuthzTransport transport) {
        this.channels = List.copyOf(channels);
        this.transport = transport;
        for (ManagedChannel channel : channels) {
            watches.add(ReconnectWatch.start(channel, reconnectInterval));
        }
    }

    /** Opens the channels {@code config} asks for; they connect on first use. */
    public static AuthzChannels open(AuthzClientConfig config) {
        List<ManagedChannel> channels = new ArrayList<>();
        // One set of TLS material (reloaded when its files change) for every channel.
        AuthzTransport transport = AuthzTransport.from(config.tls());
        // Targets interleaved, so that the retry on the next channel goes to another target.
        for (int i = 0; i < config.connections(); i++) {
            for (String target : config.targets()) {
                channels.add(transport.channelBuilder(target).defaultLoadBalancingPolicy("round_robin").build());
            }
        }
        return new AuthzChannels(channels, config.reconnectInterval(), transport);
    }

    /** Every channel, in the order calls take turns over them. */
    public List<ManagedChannel> all() {
        return channels;
    }

    @Override
    public void close() {
        watches.forEach(ReconnectWatch::close);
        channels.forEach(ManagedChannel::shutdownNow);
        transport.close();
    }
}
