package io.llmgw.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Small helpers for calling the gateway in route tests. */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Http() {}

    /** POSTs {@code body} to {@code path} with {@code key} as bearer token (none when null). */
    public static ClientResponseTyped<String> post(Http1Client client, String path, String key, String body) {
        var request = client.post(path).header(HeaderNames.CONTENT_TYPE, "application/json");
        if (key != null) {
            request.header(HeaderNames.AUTHORIZATION, "Bearer " + key);
        }
        return request.submit(body, String.class);
    }

    /** GETs {@code path} with {@code key} as bearer token (none when null). */
    public static ClientResponseTyped<String> get(Http1Client client, String path, String key) {
        var request = client.get(path);
        if (key != null) {
            request.header(HeaderNames.AUTHORIZATION, "Bearer " + key);
        }
        return request.request(String.class);
    }

    /**
     * Sends a streaming POST over a raw socket, reads up to the first event and hangs up, as a
     * client that goes away mid-stream does; returns that first event line.
     */
    public static String firstEventThenHangUp(int port, String path, String key, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data:")) {
                    return line;
                }
            }
            return "";
        }
    }

    /**
     * A loopback port nothing listens on: bound and closed at once, so connections to it are
     * refused (unless another process takes it meanwhile; hold a bound socket where that matters).
     */
    public static int closedPort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits up to five seconds for {@code condition}; returns whether it came true. */
    public static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(5);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** A chat request body for {@code model}. */
    public static String chat(String model) {
        return "{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}";
    }

    /** {@code text} as JSON. */
    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code error} object of an OpenAI error body. */
    public static JsonNode error(ClientResponseTyped<String> response) {
        return json(response.entity()).path("error");
    }
}
