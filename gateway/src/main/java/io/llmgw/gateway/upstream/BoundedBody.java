package io.llmgw.gateway.upstream;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A whole upstream answer gathered by the HTTP client's own threads as it arrives, at most
 * {@code limit} + 1 bytes (so that a body over the limit is told apart from one at it): past
 * that, the rest is refused (the subscription cancelled) and what was kept is the body. The
 * call's one future then completes with the whole answer, with no thread of the gateway's
 * blocked reading it and no hand-off to another pool to bound the read by the timeout.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final long keep;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    // The client calls onSubscribe, onNext, onError and onComplete one after another (Flow's rule).
    private final List<byte[]> parts = new ArrayList<>();
    private long size;
    private Flow.Subscription subscription;

    /** @param limit the largest body wanted; one byte more is kept, to show that there was more */
    BoundedBody(long limit) {
        this.keep = Math.min(Integer.MAX_VALUE - 8, limit + 1);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            int take = (int) Math.min(buffer.remaining(), keep - size);
            byte[] part = new byte[take];
            buffer.get(part);
            parts.add(part);
            size += take;
            if (size == keep) {
                subscription.cancel();
                body.complete(joined());
                return;
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        // A timeout keeps its kind; any other failure while the body arrives is the upstream's.
        body.completeExceptionally(failure instanceof IOException io && !(failure instanceof HttpTimeoutException)
                ? new UpstreamException(UpstreamException.Kind.UNREACHABLE, "upstream body: " + io.getMessage(), io)
                : failure);
    }

    @Override
    public void onComplete() {
        body.complete(joined());
    }

    private byte[] joined() {
        byte[] all = new byte[(int) size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        parts.clear();
        return all;
    }
}
