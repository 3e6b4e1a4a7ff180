package io.llmgw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** How a whole upstream answer is gathered: within its limit, the rest refused, failures kept apart. */
class BoundedBodyTest {

    private final Subscription subscription = new Subscription();

    @Test
    void body_inSeveralBuffers_joinedWhenComplete() throws Exception {
        var body = subscribed(100);

        body.onNext(List.of(buffer("{\"id\":"), buffer("1")));
        body.onNext(List.of(buffer("}")));
        assertThat(body.getBody().toCompletableFuture()).isNotDone();
        body.onComplete();

        assertThat(text(body)).isEqualTo("{\"id\":1}");
        assertThat(subscription.cancelled).isFalse();
    }

    @Test
    void body_pastLimit_limitPlusOneByteKeptAndRestRefused() throws Exception {
        var body = subscribed(4);

        body.onNext(List.of(buffer("abc"), buffer("defgh")));
        body.onNext(List.of(buffer("ijk")));

        assertThat(text(body)).isEqualTo("abcde");
        assertThat(subscription.cancelled).isTrue();
    }

    @Test
    void body_exactlyAtLimit_keptWhole() throws Exception {
        var body = subscribed(4);

        body.onNext(List.of(buffer("abcd")));
        body.onComplete();

        assertThat(text(body)).isEqualTo("abcd");
        assertThat(subscription.cancelled).isFalse();
    }

    @Test
    void body_brokenOff_upstreamUnreachable() {
        var body = subscribed(100);

        body.onNext(List.of(buffer("{\"id\"")));
        body.onError(new IOException("connection reset"));

        assertThat(failure(body)).asInstanceOf(InstanceOfAssertFactories.type(UpstreamException.class))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(UpstreamException.Kind.UNREACHABLE);
                    assertThat(e.getMessage()).contains("connection reset");
                });
    }

    @Test
    void body_timedOut_timeoutKept() {
        var body = subscribed(100);

        body.onError(new HttpTimeoutException("request timed out"));

        assertThat(failure(body)).isInstanceOf(HttpTimeoutException.class);
    }

    private BoundedBody subscribed(long limit) {
        var body = new BoundedBody(limit);
        body.onSubscribe(subscription);
        assertThat(subscription.requested).isPositive();
        return body;
    }

    private static ByteBuffer buffer(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(BoundedBody body) throws Exception {
        CompletableFuture<byte[]> future = body.getBody().toCompletableFuture();
        assertThat(future).isDone();
        return new String(future.get(), StandardCharsets.UTF_8);
    }

    private static Throwable failure(BoundedBody body) {
        try {
            body.getBody().toCompletableFuture().getNow(null);
            throw new AssertionError("the body did not fail");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    private static final class Subscription implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
