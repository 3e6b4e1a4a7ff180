package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.chat;
import static io.llmgw.gateway.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.llmgw.gateway.testing.FakeAuthz;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.upstream.MockProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests broken at the HTTP level, sent over a raw socket: each gets a 4xx with an
 * OpenAI-shaped body, never a 500 or an empty answer, and nothing is checked or forwarded.
 */
@ServerTest
class MalformedHttpRoutesTest {

    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.standard();
    private static final FakeAuthz AUTHZ = GATEWAY.authz();
    private static final MockProvider MOCK = GATEWAY.mock();

    private final WebServer server;

    MalformedHttpRoutesTest(WebServer server) {
        this.server = server;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        server.directHandlers(GatewayRoutes.directHandlers(GATEWAY.gateway()));
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    @Test
    void pathOutsideEveryRoute_404NotFound() throws IOException {
        Reply reply = send("GET /etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.error().path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void modelPathClimbingOutOfV1_404NotFound() throws IOException {
        Reply reply = send("GET /v1/models/../../etc/passwd HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-all\r\n"
                + "Connection: close\r\n\r\n", false);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.error().path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void carriageReturnInsideHeader_400OpenAiShaped() throws IOException {
        Reply reply = send("GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Note: a\rInjected: b\r\nConnection: close\r\n\r\n",
                false);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error().path("code").asText()).isEqualTo("invalid_request");
        assertThat(reply.head()).containsIgnoringCase("content-type: application/json");
    }

    @Test
    void malformedChunkSize_400InvalidRequest() throws IOException {
        // Helidon answers once the client has finished sending.
        Reply reply = send(head("Transfer-Encoding: chunked") + "ZZ\r\nabc\r\n0\r\n\r\n", true);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error().path("code").asText()).isEqualTo("invalid_request");
        assertThat(AUTHZ.asked()).isEmpty();
    }

    @Test
    void bodyShorterThanContentLength_400InvalidRequest() throws IOException {
        Reply reply = send(head("Content-Length: 500") + "{\"model\"", true);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error().path("message").asText()).contains("could not be read");
        assertThat(AUTHZ.asked()).isEmpty();
        assertThat(MOCK.calls()).isZero();
    }

    @Test
    void modelNameOverLimit_400NamingModel() throws IOException {
        String body = chat("m".repeat(RequestValidator.MAX_MODEL_CHARS + 1));

        Reply reply = send(head("Content-Length: " + body.length()) + body, false);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error().path("param").asText()).isEqualTo("model");
        assertThat(AUTHZ.asked()).isEmpty();
    }

    private static String head(String framing) {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-all\r\n"
                + "Content-Type: application/json\r\n" + framing + "\r\nConnection: close\r\n\r\n";
    }

    /** Sends {@code request} as is, optionally closing the sending side, and reads the first answer. */
    private Reply send(String request, boolean hangUpAfterSending) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            if (hangUpAfterSending) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            var bytes = new ByteArrayOutputStream();
            String text = "";
            int headEnd = -1;
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes.write(buffer, 0, n);
                text = bytes.toString(StandardCharsets.UTF_8);
                headEnd = text.indexOf("\r\n\r\n");
                if (headEnd >= 0 && complete(text, headEnd)) {
                    break;
                }
            }
            assertThat(headEnd).as("an HTTP answer to %s", request).isNotNegative();
            return new Reply(text.substring(0, headEnd), text.substring(headEnd + 4, headEnd + 4
                    + contentLength(text.substring(0, headEnd))));
        }
    }

    private static boolean complete(String text, int headEnd) {
        return text.length() - headEnd - 4 >= contentLength(text.substring(0, headEnd));
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }

    private record Reply(String head, String body) {

        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        JsonNode error() {
            JsonNode error = json(body).path("error");
            assertThat(error.isObject()).as("OpenAI error body: %s", body).isTrue();
            return error;
        }
    }
}
