package io.llmgw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP client is given to send: the body with its model and edits, its exact length,
 * the same bytes each time it subscribes, and a large body read a buffer at a time rather than
 * copied whole when the request starts.
 */
class ForwardedBodyTest {

    private static final String PREFIX = "{\"model\":\"alias\",\"max_tokens\":4000,\"messages\":[{\"content\":\"";
    private static final String SUFFIX = "\"}]}";
    private static final int MODEL_START = 9;
    private static final int MODEL_END = 16;
    private static final int LIMIT_START = 30;
    private static final int LIMIT_END = 34;

    /** A chat body whose message is {@code contentBytes} of 'x'. */
    private static ForwardedBody body(int contentBytes) {
        byte[] bytes = (PREFIX + "x".repeat(contentBytes) + SUFFIX).getBytes(StandardCharsets.UTF_8);
        return new ForwardedBody(bytes, bytes.length, MODEL_START, MODEL_END, "vendor/model-1",
                List.of(new ForwardedBody.Edit(LIMIT_START, LIMIT_END, "256")));
    }

    @Test
    void smallBody_sentWithModelAndEditsAndExactLength() throws Exception {
        ForwardedBody body = body(10);
        String expected = PREFIX.replace("\"alias\"", "\"vendor/model-1\"").replace("4000", "256") + "x".repeat(10)
                + SUFFIX;

        HttpRequest.BodyPublisher publisher = body.publisher();

        assertThat(body.toString()).isEqualTo(expected);
        assertThat(publisher.contentLength()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8).length);
        assertThat(new String(drain(publisher).bytes(), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void largeBody_sameBytesInBuffersOfAtMost16KiB_eachTimeItIsSubscribed() throws Exception {
        ForwardedBody body = body(1_000_000);
        HttpRequest.BodyPublisher publisher = body.publisher();
        byte[] expected = body.toString().getBytes(StandardCharsets.UTF_8);

        Drained first = drain(publisher);
        Drained second = drain(publisher);

        assertThat(publisher.contentLength()).isEqualTo(expected.length);
        assertThat(first.bytes()).isEqualTo(expected);
        assertThat(second.bytes()).isEqualTo(expected);
        assertThat(first.largestBuffer()).isLessThanOrEqualTo(16 * 1024);
    }

    @Test
    void largeBody_notCopiedWhenTheRequestStarts() {
        ForwardedBody body = body(9_000_000);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var subscriber = new Collector(0);

        long before = threads.getCurrentThreadAllocatedBytes();
        body.publisher().subscribe(subscriber);
        // Buffer by buffer, past the new values into the message's bytes.
        while (subscriber.delivered() < PREFIX.length() + 1000) {
            subscriber.subscription.request(1);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // A few buffers and the publisher's own objects; the JDK's ofByteArray copies the 9 MB
        // slice whole as soon as it is reached.
        assertThat(allocated).isLessThan(1024 * 1024);
        subscriber.subscription.cancel();
    }

    private record Drained(byte[] bytes, int largestBuffer) {}

    /** Every buffer the publisher gives, requested without bound. */
    private static Drained drain(HttpRequest.BodyPublisher publisher) throws Exception {
        var collector = new Collector(Long.MAX_VALUE);
        publisher.subscribe(collector);
        collector.done.get(10, TimeUnit.SECONDS);
        var out = new ByteArrayOutputStream();
        int largest = 0;
        for (ByteBuffer b : collector.buffers) {
            largest = Math.max(largest, b.remaining());
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.writeBytes(chunk);
        }
        return new Drained(out.toByteArray(), largest);
    }

    private static final class Collector implements Flow.Subscriber<ByteBuffer> {
        final List<ByteBuffer> buffers = new ArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final long initialDemand;
        Flow.Subscription subscription;

        Collector(long initialDemand) {
            this.initialDemand = initialDemand;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (initialDemand > 0) {
                s.request(initialDemand);
            }
        }

        @Override
        public void onNext(ByteBuffer item) {
            buffers.add(item);
        }

        long delivered() {
            return buffers.stream().mapToLong(ByteBuffer::remaining).sum();
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }
}
