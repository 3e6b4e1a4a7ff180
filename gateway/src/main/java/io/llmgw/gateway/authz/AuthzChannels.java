package io.llmgw.gateway.authz;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.llmgw.gateway.config.AuthzClientConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC channels to the authz-service: {@code connections} channels for each configured
 * target, each balancing {@code round_robin} over every address its target resolves to (all
 * replicas behind a {@code dns:///} name). The service evaluates a connection's checks on the
 * one event loop that reads it, so a single connection would hold a gateway's checks to one
 * authz core; several spread them over its event loops. {@link GrpcAuthzClient} takes turns
 * over the channels and retries an {@code UNAVAILABLE} call on the next one.
 *
 * <p>Each channel has an event loop of its own. grpc-java schedules a call's deadline timer on
 * its channel's event loop group; on a group shared by every channel that is another loop than
 * the one writing the call about as often as not, so each check woke a second thread (and woke
 * it again to cancel the timer). With one loop per channel, the timer goes to the loop the call
 * is written on anyway, which is awake for it.
 */
public final class AuthzChannels implements AutoCloseable {

    private final List<ManagedChannel> channels;
    private final List<EventLoopGroup> loops;
    private final List<ReconnectWatch> watches = new ArrayList<>();

    private final AuthzTransport transport;

    private AuthzChannels(List<ManagedChannel> channels, List<EventLoopGroup> loops, Duration reconnectInterval,
            AuthzTransport transport) {
        this.channels = List.copyOf(channels);
        this.loops = List.copyOf(loops);
        this.transport = transport;
        for (ManagedChannel channel : channels) {
            watches.add(ReconnectWatch.start(channel, reconnectInterval));
        }
    }

    /** Opens the channels {@code config} asks for; they connect on first use. */
    public static AuthzChannels open(AuthzClientConfig config) {
        List<ManagedChannel> channels = new ArrayList<>();
        List<EventLoopGroup> loops = new ArrayList<>();
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends Channel> socket = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        // One set of TLS material (reloaded when its files change) for every channel.
        AuthzTransport transport = AuthzTransport.from(config.tls());
        // Targets interleaved, so that the retry on the next channel goes to another target.
        for (int i = 0; i < config.connections(); i++) {
            for (String target : config.targets()) {
                EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1,
                        new DefaultThreadFactory("authz-client-loop-" + channels.size(), true), io);
                loops.add(loop);
                channels.add(transport.channelBuilder(target)
                        .eventLoopGroup(loop)
                        .channelType(socket)
                        .defaultLoadBalancingPolicy("round_robin")
                        .build());
            }
        }
        return new AuthzChannels(channels, loops, config.reconnectInterval(), transport);
    }

    /** Every channel, in the order calls take turns over them. */
    public List<ManagedChannel> all() {
        return channels;
    }

    @Override
    public void close() {
        watches.forEach(ReconnectWatch::close);
        channels.forEach(ManagedChannel::shutdownNow);
        loops.forEach(loop -> loop.shutdownGracefully(0, 1, TimeUnit.SECONDS));
        transport.close();
    }
}
