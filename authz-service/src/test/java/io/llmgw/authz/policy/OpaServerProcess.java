package io.llmgw.authz.policy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real {@code opa run --server} on a free loopback port, serving the project's Rego sources. */
public final class OpaServerProcess implements AutoCloseable {

    private final Process process;
    private final URI url;

    private OpaServerProcess(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** Starts OPA (the pinned CLI the build installed) and waits until its health endpoint answers. */
    public static OpaServerProcess start() throws IOException, InterruptedException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path opa = Path.of(System.getProperty("llmgw.opa"));
        Path rego = Path.of(System.getProperty("llmgw.policy.src"));
        Process process = new ProcessBuilder(opa.toString(), "run", "--server", "--addr", "127.0.0.1:" + port,
                "--log-level", "error", "--ignore", "*_test.rego", "llmgw:" + rego)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        var server = new OpaServerProcess(process, URI.create("http://127.0.0.1:" + port));
        server.awaitHealthy();
        return server;
    }

    private void awaitHealthy() throws InterruptedException, IOException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("opa exited with " + process.exitValue());
                }
                try {
                    var response = http.send(HttpRequest.newBuilder(url.resolve("/health")).timeout(Duration.ofSeconds(1))
                            .build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // Not listening yet.
                }
                Thread.sleep(100);
            }
        }
        close();
        throw new IOException("opa server did not become healthy at " + url);
    }

    /** The server's base URL. */
    public URI url() {
        return url;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
