package io.llmgw.gateway.testing;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible upstream on a loopback port that holds every chat call until released:
 * a plain call gets its answer, a stream its first event, only after {@link #release()} (a
 * stream's last event after a second release). For tests of what the gateway does while calls
 * are in flight.
 */
public final class HeldUpstream {

    private final WebServer server;
    private final Semaphore arrived = new Semaphore(0);
    private volatile CountDownLatch gate = new CountDownLatch(1);

    public HeldUpstream() {
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.post("/v1/chat/completions", this::chat)).build().start();
    }

    /** The base URL to give as {@code api_base}. */
    public String base() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    /** Waits up to ten seconds until {@code calls} more calls have arrived (and are being held). */
    public boolean awaitArrivals(int calls) throws InterruptedException {
        return awaitArrivals(calls, Duration.ofSeconds(10));
    }

    /** Waits up to {@code wait} until {@code calls} more calls have arrived (and are being held). */
    public boolean awaitArrivals(int calls, Duration wait) throws InterruptedException {
        return arrived.tryAcquire(calls, wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Lets every held call go on, and holds the next ones again. */
    public void release() {
        CountDownLatch open = gate;
        gate = new CountDownLatch(1);
        open.countDown();
    }

    public void stop() {
        release();
        server.stop();
    }

    private void chat(ServerRequest req, ServerResponse res) throws Exception {
        String body = req.content().as(String.class);
        CountDownLatch held = gate;
        arrived.release();
        held.await(10, TimeUnit.SECONDS);
        if (!body.contains("\"stream\": true")) {
            res.header(HeaderNames.CONTENT_TYPE, "application/json").send("""
                    {"id": "held-1", "object": "chat.completion", "created": 1, "model": "held-model",
                     "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}]}
                    """);
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        try (OutputStream out = res.outputStream()) {
            out.write(("data: {\"id\": \"held-1\", \"object\": \"chat.completion.chunk\", \"model\": \"held-model\","
                    + " \"choices\": [{\"index\": 0, \"delta\": {\"content\": \"hi\"}}]}\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            CountDownLatch end = gate;
            end.await(10, TimeUnit.SECONDS);
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }
}
