package io.llmgw.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible upstream on a loopback port that fails on purpose, for tests of retries
 * and fallbacks: {@code /fail/{status}/v1} always answers that status (OpenAI's error shape),
 * {@code /flaky/v1} answers 503 to every other call starting with the first, {@code /limited/v1}
 * answers 429 with {@code Retry-After: 30}, {@code /context/v1}
 * answers 400 {@code context_length_exceeded}, {@code /ok/v1} answers (and streams). Every call
 * is recorded with its path and model, so a test can show what was (never) called.
 */
public final class FailingUpstream {

    /**
     * One call received.
     *
     * @param path the request path
     * @param model the body's {@code model}
     */
    public record Received(String path, String model) {}

    private final WebServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger flaky = new AtomicInteger();

    public FailingUpstream() {
        server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r
                .post("/fail/{status}/v1/{+operation}", (req, res) -> {
                    int status = Integer.parseInt(req.path().pathParameters().get("status"));
                    error(record(req), res, status, "failed on purpose", "server_error");
                })
                .post("/flaky/v1/{+operation}", (req, res) -> {
                    JsonNode body = record(req);
                    if (flaky.getAndIncrement() % 2 == 0) {
                        error(body, res, 503, "overloaded, try again", "server_error");
                    } else {
                        ok(body, res);
                    }
                })
                .post("/limited/v1/{+operation}", (req, res) -> {
                    res.header(HeaderNames.RETRY_AFTER, "30");
                    error(record(req), res, 429, "rate limited", "rate_limit_exceeded");
                })
                .post("/context/v1/{+operation}", (req, res) -> error(record(req), res, 400,
                        "This model's maximum context length is 8192 tokens.", "context_length_exceeded"))
                .post("/ok/v1/{+operation}", (req, res) -> ok(record(req), res)))
                .build().start();
    }

    /** The base URL of {@code path}, such as {@code http://127.0.0.1:1234/ok/v1}. */
    public String base(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** Every call received since the last {@link #clear}. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Forgets the calls received and restarts {@code /flaky} with a failure. */
    public void clear() {
        received.clear();
        flaky.set(0);
    }

    public void stop() {
        server.stop();
    }

    private JsonNode record(ServerRequest req) {
        JsonNode body = Http.json(req.content().as(String.class));
        received.add(new Received(req.path().path(), body.path("model").asText()));
        return body;
    }

    private static void error(JsonNode body, ServerResponse res, int status, String message, String code) {
        res.status(Status.create(status)).header(HeaderNames.CONTENT_TYPE, "application/json")
                .send("{\"error\": {\"message\": \"" + message + "\", \"type\": \"invalid_request_error\","
                        + " \"param\": null, \"code\": \"" + code + "\"}}");
    }

    private static void ok(JsonNode body, ServerResponse res) throws Exception {
        String model = body.path("model").asText();
        if (!body.path("stream").asBoolean(false)) {
            res.header(HeaderNames.CONTENT_TYPE, "application/json").send("""
                    {"id": "up-1", "object": "chat.completion", "created": 1, "model": "%s",
                     "choices": [{"index": 0, "message": {"role": "assistant", "content": "from %s"},
                     "finish_reason": "stop"}]}
                    """.formatted(model, model));
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        try (OutputStream out = res.outputStream()) {
            String chunk = "data: {\"id\": \"up-1\", \"object\": \"chat.completion.chunk\", \"model\": \"" + model
                    + "\", \"choices\": [{\"index\": 0, \"delta\": {\"content\": \"from " + model + "\"}}]}\n\n";
            out.write(chunk.getBytes(StandardCharsets.UTF_8));
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }
}
