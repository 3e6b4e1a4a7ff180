package io.llmgw.gateway.config;

import io.helidon.config.Config;
import java.time.Duration;

/**
 * How much work the gateway takes on at once ({@code gateway.admission}); beyond it requests
 * are refused at once with 429 rather than queued until the heap runs out.
 *
 * @param maxInFlight model calls and listings handled at once, streams counted until they end
 * @param maxQueued requests allowed to wait for a free place when all are taken
 * @param queueTimeout how long a queued request waits before it is refused
 * @param maxBodyMemoryBytes request-body bytes held in memory by all requests together; a body
 *     that does not fit is refused before it is read
 */
public record AdmissionConfig(int maxInFlight, int maxQueued, Duration queueTimeout, long maxBodyMemoryBytes) {

    /** Heap a request in flight is budgeted besides its body: buffers, thread, client state. */
    static final long HEAP_PER_REQUEST = 256 * 1024;
    /** Places per CPU: enough to keep every core busy while requests wait on upstreams. */
    static final int IN_FLIGHT_PER_CPU = 64;
    static final int MIN_IN_FLIGHT = 16;
    static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofMillis(20);

    public AdmissionConfig {
        requirePositive("gateway.admission.max-in-flight", maxInFlight);
        if (maxQueued < 0) {
            throw new IllegalArgumentException("gateway.admission.max-queued must not be negative, was " + maxQueued);
        }
        Durations.requireNotNegative("gateway.admission.queue-timeout", queueTimeout);
        requirePositive("gateway.admission.max-body-memory-bytes", maxBodyMemoryBytes);
    }

    /**
     * Defaults derived from the machine: {@value #IN_FLIGHT_PER_CPU} places per CPU, at most one
     * per {@value #HEAP_PER_REQUEST} bytes of maximum heap (at least {@value #MIN_IN_FLIGHT});
     * a quarter of that as queue; a quarter of the heap, and at least one largest body, for
     * request bodies.
     */
    public static AdmissionConfig defaults(long maxHeapBytes, int cpus, long maxBodyBytes) {
        int inFlight = (int) Math.max(MIN_IN_FLIGHT,
                Math.min((long) IN_FLIGHT_PER_CPU * cpus, maxHeapBytes / HEAP_PER_REQUEST));
        return new AdmissionConfig(inFlight, inFlight / 4, DEFAULT_QUEUE_TIMEOUT,
                Math.max(maxHeapBytes / 4, maxBodyBytes));
    }

    /** Reads the {@code gateway.admission} node; what it leaves out comes from {@code defaults}. */
    public static AdmissionConfig from(Config node, AdmissionConfig defaults, long maxBodyBytes) {
        var config = new AdmissionConfig(
                node.get("max-in-flight").asInt().orElse(defaults.maxInFlight()),
                node.get("max-queued").asInt().orElse(defaults.maxQueued()),
                node.get("queue-timeout").as(Duration.class).orElse(defaults.queueTimeout()),
                node.get("max-body-memory-bytes").asLong().orElse(defaults.maxBodyMemoryBytes()));
        if (config.maxBodyMemoryBytes() < maxBodyBytes) {
            throw new IllegalArgumentException("gateway.admission.max-body-memory-bytes (" + config.maxBodyMemoryBytes()
                    + ") is smaller than gateway.http.max-body-bytes (" + maxBodyBytes
                    + "): a body of the largest size allowed could never be read");
        }
        return config;
    }

    private static void requirePositive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }
}
