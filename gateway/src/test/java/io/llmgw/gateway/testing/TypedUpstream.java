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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An upstream on a loopback port that speaks OpenAI's Responses API ({@code /{mode}/v1/responses})
 * and Anthropic's Messages API ({@code /{mode}/v1/messages}, {@code .../count_tokens}), for
 * tests of the gateway's typed event streams over real HTTP. The mode says how it behaves:
 * {@code ok} answers and streams well-formed events; {@code truncated} streams and stops before
 * the closing event; {@code garbage} streams one event whose data is not JSON; {@code untyped}
 * one JSON event without a {@code type}; {@code refused} answers 400 in the API's error shape
 * with a message naming the upstream model. It keeps the headers and model of the last request.
 */
public final class TypedUpstream {

    private final WebServer server;
    private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    private volatile String lastModel = "";

    public TypedUpstream() {
        server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r
                .post("/{mode}/v1/responses", (req, res) -> answer(req, res, false))
                .post("/{mode}/v1/messages", (req, res) -> answer(req, res, true))
                .post("/{mode}/v1/messages/count_tokens", (req, res) -> {
                    remember(req);
                    res.header(HeaderNames.CONTENT_TYPE, "application/json").send("{\"input_tokens\": 42}");
                }))
                .build().start();
    }

    public int port() {
        return server.port();
    }

    public void stop() {
        server.stop();
    }

    /**
     * The gateway of the Responses and Messages route tests: the fake authz-service, the mock,
     * and this upstream's {@link #catalog()}; this upstream is stopped after the class.
     */
    public GatewayFixture gateway() {
        return GatewayFixture.builder().catalog(catalog()).closeAfterAll(this::stop).build();
    }

    /**
     * {@link TestGateway#CATALOG} with a Responses model ({@code up-<mode>}, upstream
     * {@code openai/up-model-v2}) and a Messages model ({@code claude-<mode>}, upstream
     * {@code anthropic/claude-up-v1}) on this upstream for each mode.
     */
    public String catalog() {
        StringBuilder catalog = new StringBuilder(TestGateway.CATALOG);
        for (String mode : List.of("ok", "truncated", "garbage", "untyped", "refused")) {
            String base = "http://127.0.0.1:" + port() + "/" + mode + "/v1";
            catalog.append("  - model_name: up-").append(mode).append('\n')
                    .append("    litellm_params: {model: openai/up-model-v2, api_base: \"").append(base)
                    .append("\", api_key: os.environ/TEST_KEY}\n")
                    .append("  - model_name: claude-").append(mode).append('\n')
                    .append("    litellm_params: {model: anthropic/claude-up-v1, api_base: \"").append(base)
                    .append("\", api_key: os.environ/TEST_KEY}\n");
        }
        return catalog.toString();
    }

    /** The model of the last request. */
    public String lastModel() {
        return lastModel;
    }

    /** A header of the last request by lower-case name; empty when it had none. */
    public String lastHeader(String name) {
        return lastHeaders.getOrDefault(name, "");
    }

    private JsonNode remember(ServerRequest req) {
        lastHeaders.clear();
        req.headers().forEach(h -> lastHeaders.put(h.name().toLowerCase(Locale.ROOT), h.get()));
        JsonNode body = Http.json(req.content().as(String.class));
        lastModel = body.path("model").asText();
        return body;
    }

    private void answer(ServerRequest req, ServerResponse res, boolean messages) throws IOException {
        String mode = req.path().pathParameters().get("mode");
        JsonNode body = remember(req);
        if ("refused".equals(mode)) {
            String error = messages
                    ? "{\"type\": \"error\", \"error\": {\"type\": \"invalid_request_error\", \"message\":"
                            + " \"max_tokens: 999999 > 8192, the maximum for " + lastModel + "\"}}"
                    : "{\"error\": {\"message\": \"max_output_tokens too large for " + lastModel + "\", \"type\":"
                            + " \"invalid_request_error\", \"param\": \"max_output_tokens\", \"code\": null}}";
            res.status(Status.BAD_REQUEST_400).header(HeaderNames.CONTENT_TYPE, "application/json").send(error);
            return;
        }
        if (!body.path("stream").asBoolean(false)) {
            String answer = messages
                    ? "{\"id\": \"msg_up\", \"type\": \"message\", \"role\": \"assistant\", \"model\": \"" + lastModel
                            + "\", \"content\": [{\"type\": \"text\", \"text\": \"hi\"}], \"stop_reason\": \"end_turn\","
                            + " \"usage\": {\"input_tokens\": 1, \"output_tokens\": 1}}"
                    : "{\"id\": \"resp_up\", \"object\": \"response\", \"status\": \"completed\", \"model\": \""
                            + lastModel + "\", \"output\": []}";
            res.header(HeaderNames.CONTENT_TYPE, "application/json").send(answer);
            return;
        }
        List<String> events = messages ? messageEvents() : responseEvents();
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        try (OutputStream out = res.outputStream()) {
            for (int i = 0; i < events.size(); i++) {
                boolean last = i == events.size() - 1;
                if (last && "truncated".equals(mode)) {
                    break;
                }
                String event = events.get(i);
                if (i == 1 && "garbage".equals(mode)) {
                    event = "event: oops\ndata: {not json\n\n";
                } else if (i == 1 && "untyped".equals(mode)) {
                    event = "data: {\"hello\": \"there\"}\n\n";
                }
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // The gateway hung up after a malformed event, as it should.
        }
    }

    private List<String> responseEvents() {
        return List.of(
                typed("response.created", "{\"type\": \"response.created\", \"sequence_number\": 0, \"response\":"
                        + " {\"id\": \"resp_up\", \"object\": \"response\", \"status\": \"in_progress\", \"model\": \""
                        + lastModel + "\", \"output\": []}}"),
                typed("response.output_text.delta", "{\"type\": \"response.output_text.delta\", \"sequence_number\":"
                        + " 1, \"item_id\": \"m\", \"output_index\": 0, \"content_index\": 0, \"delta\": \"hi\"}"),
                typed("response.completed", "{\"type\": \"response.completed\", \"sequence_number\": 2, \"response\":"
                        + " {\"id\": \"resp_up\", \"object\": \"response\", \"status\": \"completed\", \"model\": \""
                        + lastModel + "\", \"output\": []}}"));
    }

    private List<String> messageEvents() {
        return List.of(
                typed("message_start", "{\"type\": \"message_start\", \"message\": {\"id\": \"msg_up\", \"type\":"
                        + " \"message\", \"role\": \"assistant\", \"model\": \"" + lastModel + "\", \"content\": [],"
                        + " \"usage\": {\"input_tokens\": 1, \"output_tokens\": 0}}}"),
                typed("content_block_delta", "{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\":"
                        + " \"text_delta\", \"text\": \"hi\"}}"),
                typed("message_stop", "{\"type\": \"message_stop\"}"));
    }

    private static String typed(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }
}
