package io.llmgw.gateway.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A channel that cannot connect retries every interval; a connected one is left alone. */
class ReconnectWatchTest {

    @Test
    void tick_transientFailure_resetsBackoff() {
        var channel = new StateChannel(ConnectivityState.TRANSIENT_FAILURE);
        try (var watch = ReconnectWatch.start(channel, Duration.ofHours(1))) {
            watch.tick();
            watch.tick();
        }

        assertThat(channel.resets.get()).isEqualTo(2);
    }

    @Test
    void tick_readyConnectingOrIdle_leavesChannelAlone() {
        for (var state : new ConnectivityState[] {ConnectivityState.READY, ConnectivityState.CONNECTING,
                ConnectivityState.IDLE}) {
            var channel = new StateChannel(state);
            try (var watch = ReconnectWatch.start(channel, Duration.ofHours(1))) {
                watch.tick();
            }

            assertThat(channel.resets.get()).as(state.name()).isZero();
        }
    }

    @Test
    void start_failedChannel_resetsOnItsOwnEveryInterval() throws InterruptedException {
        var channel = new StateChannel(ConnectivityState.TRANSIENT_FAILURE);
        var watch = ReconnectWatch.start(channel, Duration.ofMillis(10));
        try {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (channel.resets.get() < 3 && System.nanoTime() < giveUp) {
                Thread.sleep(10);
            }
        } finally {
            watch.close();
        }

        assertThat(channel.resets.get()).isGreaterThanOrEqualTo(3);
    }

    /** A channel in a fixed state that counts backoff resets; it carries no calls. */
    private static final class StateChannel extends ManagedChannel {

        private final ConnectivityState state;
        private final AtomicInteger resets = new AtomicInteger();

        StateChannel(ConnectivityState state) {
            this.state = state;
        }

        @Override
        public ConnectivityState getState(boolean requestConnection) {
            return state;
        }

        @Override
        public void resetConnectBackoff() {
            resets.incrementAndGet();
        }

        @Override
        public ManagedChannel shutdown() {
            return this;
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public ManagedChannel shutdownNow() {
            return this;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
            throw new UnsupportedOperationException("no calls in this test");
        }

        @Override
        public String authority() {
            return "test";
        }
    }
}
