package io.llmgw.gateway.authz;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the channel to the authz-service trying to reconnect at a steady pace while it is
 * down. gRPC waits longer and longer between connection attempts (up to two minutes), so
 * after an outage of half a minute the gateway would refuse every request for many seconds
 * after the service is back. While the channel is in {@code TRANSIENT_FAILURE} this cuts
 * that wait short once per interval, so a restarted service is found within about one
 * interval; a channel that is connected, connecting or idle is left alone.
 */
public final class ReconnectWatch implements AutoCloseable {

    private final ManagedChannel channel;
    private final ScheduledExecutorService timer;

    private ReconnectWatch(ManagedChannel channel, ScheduledExecutorService timer) {
        this.channel = channel;
        this.timer = timer;
    }

    /** Starts watching {@code channel}, looking every {@code interval}. */
    public static ReconnectWatch start(ManagedChannel channel, Duration interval) {
        var timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("authz-reconnect").factory());
        var watch = new ReconnectWatch(channel, timer);
        timer.scheduleWithFixedDelay(watch::tick, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
        return watch;
    }

    /** One look: a failed channel retries now instead of at the end of its backoff. */
    void tick() {
        if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            channel.resetConnectBackoff();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
