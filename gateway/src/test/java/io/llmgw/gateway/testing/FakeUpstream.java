package io.llmgw.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible upstream on a loopback port, for tests of the gateway's HTTP provider.
 * Under {@code /ok/v1} (and Azure's {@code /azure/openai/deployments/{deployment}}, and
 * {@code /root/v1}) it answers (with usage) and streams (with a usage event when asked),
 * recording the last request's body and headers (slowly when the request has
 * {@code "slow_stream": true}, counting streams whose client went away); {@code /429/v1} answers
 * an OpenAI rate-limit error with {@code Retry-After: 7}, {@code /500/v1} plain text, {@code /slow/v1} too late,
 * {@code /401/v1} OpenAI's bad-key error quoting a key fragment, {@code /404/v1} OpenAI's
 * unknown-model error naming the upstream model and an internal URL, {@code /stall/v1} one
 * event and then silence, {@code /huge-event/v1} an event of {@link #HUGE} bytes and
 * {@code /huge-body/v1} a non-stream answer of that size.
 */
public final class FakeUpstream {

    /** Size of the event and body that the {@code huge} routes send: 50 MiB. */
    public static final int HUGE = 50 * 1024 * 1024;
    /** What the {@code /401} route quotes of "the gateway's key". */
    public static final String KEY_FRAGMENT = "sk-upst*********ream";

    private final WebServer server;
    private volatile String lastModel = "";
    private volatile String lastAuthorization = "";
    private volatile String lastApiKey = "";
    private volatile String lastTarget = "";
    private volatile String lastRawBody = "";
    private volatile JsonNode lastBody;
    private volatile io.helidon.http.Headers lastHeaders;
    private final AtomicLong abortedStreams = new AtomicLong();

    public FakeUpstream() {
        server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r
                .post("/ok/v1/chat/completions", this::ok)
                .post("/ok/v1/embeddings", this::ok)
                .post("/azure/openai/deployments/{deployment}/chat/completions", this::ok)
                .post("/azure/openai/deployments/{deployment}/embeddings", this::ok)
                .post("/root/v1/chat/completions", this::ok)
                .post("/ok/v1/completions", this::ok)
                .post("/ok/v1/messages", this::ok)
                .post("/ok/v1/responses", this::ok)
                .post("/429/v1/chat/completions", (req, res) -> res.status(Status.TOO_MANY_REQUESTS_429)
                        .header(HeaderNames.CONTENT_TYPE, "application/json")
                        .header(HeaderNames.RETRY_AFTER, "7")
                        .send("{\"error\": {\"message\": \"slow down\", \"type\": \"rate_limit_error\", \"param\": null,"
                                + " \"code\": \"rate_limit_exceeded\"}}"))
                .post("/500/v1/chat/completions", (req, res) -> res.status(Status.INTERNAL_SERVER_ERROR_500)
                        .header(HeaderNames.CONTENT_TYPE, "text/plain").send("upstream exploded"))
                .post("/401/v1/chat/completions", (req, res) -> res.status(Status.UNAUTHORIZED_401)
                        .header(HeaderNames.CONTENT_TYPE, "application/json")
                        .send("{\"error\": {\"message\": \"Incorrect API key provided: " + KEY_FRAGMENT + ". You can find"
                                + " your API key at https://platform.openai.com/account/api-keys.\", \"type\":"
                                + " \"invalid_request_error\", \"param\": null, \"code\": \"invalid_api_key\"}}"))
                .post("/404/v1/chat/completions", (req, res) -> res.status(Status.NOT_FOUND_404)
                        .header(HeaderNames.CONTENT_TYPE, "application/json")
                        .send("{\"error\": {\"message\": \"The model `x-upstream-v7` does not exist at"
                                + " http://10.2.3.4:8000/v1 (token sk-live-abcdef123456)\", \"type\": \"invalid_request_error\","
                                + " \"param\": \"model\", \"code\": \"model_not_found\", \"internal\": \"node-7.svc\"}}"))
                .post("/stall/v1/chat/completions", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
                    try (OutputStream out = res.outputStream()) {
                        byte[] event = "data: {\"choices\": []}\n\n".getBytes(StandardCharsets.UTF_8);
                        out.write(event);
                        out.flush();
                        // Silent past the gateway's idle timeout, then writing until the closed connection shows.
                        Thread.sleep(2_000);
                        for (int i = 0; i < 200; i++) {
                            out.write(event);
                            out.flush();
                            Thread.sleep(20);
                        }
                    } catch (IOException | RuntimeException | InterruptedException e) {
                        abortedStreams.incrementAndGet();
                    }
                })
                .post("/huge-event/v1/chat/completions", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
                    try (OutputStream out = res.outputStream()) {
                        out.write("data: {\"choices\": []}\n\ndata: \"".getBytes(StandardCharsets.UTF_8));
                        writeHuge(out);
                        out.write("\"\n\n".getBytes(StandardCharsets.UTF_8));
                    } catch (IOException | RuntimeException e) {
                        abortedStreams.incrementAndGet();
                    }
                })
                .post("/huge-body/v1/chat/completions", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    try (OutputStream out = res.outputStream()) {
                        out.write("{\"model\": \"".getBytes(StandardCharsets.UTF_8));
                        writeHuge(out);
                        out.write("\"}".getBytes(StandardCharsets.UTF_8));
                    } catch (IOException | RuntimeException e) {
                        abortedStreams.incrementAndGet();
                    }
                })
                .post("/slow/v1/chat/completions", (req, res) -> {
                    Thread.sleep(1500);
                    res.send("{}");
                }))
                .build().start();
    }

    public int port() {
        return server.port();
    }

    public void stop() {
        server.stop();
    }

    private static void writeHuge(OutputStream out) throws IOException {
        byte[] block = new byte[64 * 1024];
        java.util.Arrays.fill(block, (byte) 'x');
        for (int sent = 0; sent < HUGE; sent += block.length) {
            out.write(block);
        }
    }

    /** The model of the last request under {@code /ok}. */
    public String lastModel() {
        return lastModel;
    }

    /** The Authorization header of the last request under {@code /ok}; empty when none. */
    public String lastAuthorization() {
        return lastAuthorization;
    }

    /** The {@code api-key} header of the last answered request; empty when none. */
    public String lastApiKey() {
        return lastApiKey;
    }

    /** Path and query of the last answered request, as sent. */
    public String lastTarget() {
        return lastTarget;
    }

    /** The body of the last request under {@code /ok}, as parsed. */
    public JsonNode lastBody() {
        return lastBody;
    }

    /** The body of the last request under {@code /ok}, byte for byte as text. */
    public String lastRawBody() {
        return lastRawBody;
    }

    /** A header of the last request under {@code /ok}; empty when it had none. */
    public String lastHeader(String name) {
        return lastHeaders == null ? "" : lastHeaders.first(HeaderNames.create(name)).orElse("");
    }

    /** Streams whose reader went away before the end. */
    public long abortedStreams() {
        return abortedStreams.get();
    }

    private void ok(ServerRequest req, ServerResponse res) throws Exception {
        String raw = req.content().as(String.class);
        JsonNode body = Http.json(raw);
        lastRawBody = raw;
        lastBody = body;
        lastHeaders = req.headers();
        lastModel = body.path("model").asText();
        lastAuthorization = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        lastApiKey = req.headers().first(HeaderNames.create("api-key")).orElse("");
        String query = req.query().rawValue();
        lastTarget = req.path().rawPath() + (query.isEmpty() ? "" : "?" + query);
        if (!body.path("stream").asBoolean(false)) {
            res.header(HeaderNames.CONTENT_TYPE, "application/json").send("""
                    {"id": "up-1", "object": "chat.completion", "created": 1, "model": "%s",
                     "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}],
                     "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}}
                    """.formatted(lastModel));
            return;
        }
        boolean slow = body.path("slow_stream").asBoolean(false);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        try (OutputStream out = res.outputStream()) {
            for (int i = 0; i < (slow ? 200 : 3); i++) {
                String chunk = "data: {\"id\": \"up-1\", \"object\": \"chat.completion.chunk\", \"model\": \"" + lastModel
                        + "\", \"choices\": [{\"index\": 0, \"delta\": {\"content\": \"w" + i + " \"}}]}\n\n";
                out.write(chunk.getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (slow) {
                    Thread.sleep(25);
                }
            }
            if (body.path("stream_options").path("include_usage").asBoolean(false)) {
                out.write(("data: {\"id\": \"up-1\", \"object\": \"chat.completion.chunk\", \"model\": \"" + lastModel
                        + "\", \"choices\": [], \"usage\": {\"prompt_tokens\": 5, \"completion_tokens\": 3,"
                        + " \"total_tokens\": 8}}\n\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            abortedStreams.incrementAndGet();
        }
    }
}
