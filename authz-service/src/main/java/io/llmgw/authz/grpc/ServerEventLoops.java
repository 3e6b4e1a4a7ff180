package io.llmgw.authz.grpc;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops of the gRPC server, owned by the service so that their number is
 * known. With an in-process engine, checks are evaluated on the event loop that read them:
 * an evaluation is tens of microseconds of CPU work, so handing it to another thread and back
 * costs more than it saves. Because there are exactly as many event loops as policy instances,
 * an event loop never waits for a free instance. An engine that waits on the network (a
 * remote OPA server) must not block an event loop, so its calls get a virtual thread each.
 */
public final class ServerEventLoops implements AutoCloseable {

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> channelType;

    /** Starts one accepting thread and {@code workerThreads} event loops (epoll where available). */
    public ServerEventLoops(int workerThreads) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("authz-grpc-accept", true), io);
        this.workers = new MultiThreadIoEventLoopGroup(workerThreads,
                new DefaultThreadFactory("authz-grpc-loop", true), io);
        this.channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /**
     * A server builder on these event loops, speaking {@code credentials} (TLS or plaintext).
     *
     * @param evaluateInline true to run calls on the event loops (a CPU-bound, in-process
     *     engine), false to give every call a virtual thread (an engine that blocks on I/O)
     */
    public NettyServerBuilder serverBuilder(InetSocketAddress address, ServerCredentials credentials,
            boolean evaluateInline) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address, credentials)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .channelType(channelType);
        return evaluateInline ? builder.directExecutor() : builder.executor(Executors.newVirtualThreadPerTaskExecutor());
    }

    /** A plaintext server builder on these event loops, for servers outside the product (benchmark floors). */
    public NettyServerBuilder serverBuilder(InetSocketAddress address, boolean evaluateInline) {
        return serverBuilder(address, InsecureServerCredentials.create(), evaluateInline);
    }

    /** Stops the event loops; call after the server has terminated. */
    @Override
    public void close() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
