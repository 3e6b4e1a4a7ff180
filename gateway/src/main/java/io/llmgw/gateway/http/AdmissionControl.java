package io.llmgw.gateway.http;

import io.helidon.common.concurrency.limits.FixedLimit;
import io.helidon.common.concurrency.limits.LimitAlgorithm;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.llmgw.gateway.config.AdmissionConfig;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the work the gateway takes on: requests in flight (Helidon's fixed concurrency limit,
 * with a short wait queue) and the request-body bytes all of them hold in memory. A request
 * beyond either bound is refused at once with 429 {@code rate_limit_exceeded} and a
 * {@code Retry-After}, before its body is read; the refusal is counted by reason.
 *
 * <p>The bound is fixed rather than adapted to latency: a gateway's requests spend most of
 * their time waiting on model upstreams (seconds, minutes for a stream), so a latency signal
 * would read a slow model as an overloaded gateway and shut clients out while the gateway
 * idles. A fixed bound on concurrency adapts the admitted <em>rate</em> by itself (Little's
 * law): when the gateway slows, warming up or starved of CPU, the same places turn over more
 * slowly and fewer requests per second get in.
 */
final class AdmissionControl {

    /** Seconds a refused client is told to wait. */
    static final String RETRY_AFTER_SECONDS = "1";
    private static final int KIB = 1024;

    private final AdmissionConfig config;
    private final LimitAlgorithm inFlight;
    private final AtomicInteger admitted = new AtomicInteger();
    /** Request-body memory in KiB; a body reserves its size rounded up before it is read. */
    private final Semaphore bodyMemory;
    private final GatewayMetrics metrics;

    AdmissionControl(AdmissionConfig config, GatewayMetrics metrics) {
        this.config = config;
        this.inFlight = FixedLimit.builder()
                .name("gateway-admission")
                .permits(config.maxInFlight())
                .queueLength(config.maxQueued())
                .queueTimeout(config.queueTimeout())
                .build();
        this.bodyMemory = new Semaphore((int) Math.min(Integer.MAX_VALUE, config.maxBodyMemoryBytes() / KIB));
        this.metrics = metrics;
        metrics.watchInFlight(admitted::get);
    }

    /** A place in flight, held until closed (for a stream: until it ends). */
    interface Place extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes a place, waiting at most the queue timeout when all are taken.
     *
     * @throws ApiException 429 when no place is free
     */
    Place enter(ServerResponse res) {
        LimitAlgorithm.Token token = inFlight.tryAcquire(true).orElseThrow(() -> refuse(res, "in_flight",
                "The gateway is at its limit of " + config.maxInFlight() + " requests in flight. Retry after "
                        + RETRY_AFTER_SECONDS + " s."));
        admitted.incrementAndGet();
        return () -> {
            admitted.decrementAndGet();
            // The outcome is not fed to the limit: it is fixed, and a slow model is not a failure.
            token.ignore();
        };
    }

    /**
     * Reserves {@code bytes} of request-body memory.
     *
     * @return the reservation, released when closed
     * @throws ApiException 429 when all requests together would hold more than the bound
     */
    Place reserveBody(long bytes, ServerResponse res) {
        int kib = (int) Math.min(Integer.MAX_VALUE, (bytes + KIB - 1) / KIB);
        if (!bodyMemory.tryAcquire(kib)) {
            throw refuse(res, "body_memory", "The gateway holds as many request bodies in memory as it may ("
                    + config.maxBodyMemoryBytes() + " bytes together). Retry after " + RETRY_AFTER_SECONDS + " s.");
        }
        return () -> bodyMemory.release(kib);
    }

    private ApiException refuse(ServerResponse res, String reason, String message) {
        metrics.refused(reason);
        res.header(HeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        // The unread body is drained by the HTTP layer (a stream copy, nothing kept), so the
        // client reads this answer rather than a reset connection.
        return new ApiException(OpenAiError.rateLimited(message));
    }
}
