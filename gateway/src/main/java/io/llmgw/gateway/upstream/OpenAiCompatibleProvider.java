package io.llmgw.gateway.upstream;

import io.llmgw.gateway.config.UpstreamLimits;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.tls.Tls;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * Any upstream that speaks the OpenAI API: {@code POST {api_base}/chat/completions} and so on,
 * with the deployment's key as a bearer token, or Azure OpenAI's deployment URLs with its
 * {@code api-key} header, or Anthropic's Messages API at {@code {api_base}/messages} with its
 * {@code x-api-key} ({@link UpstreamTarget}), over Helidon's blocking HTTP/1.1 client.
 *
 * <p>The call runs on the request's own (virtual) thread from start to end: the body is
 * written and the answer read by that thread, with no hand-off to a selector thread and back
 * as with an asynchronous client (measured here: half the latency and half the CPU of the
 * JDK's client for a small exchange on loopback). The timeout bounds the wait for the answer's
 * headers and then the whole answer, or for a stream the time until it starts (and each read of
 * it); the connection is closed past it. Nothing is read unbounded: answers, error bodies and
 * stream events each have a size limit, and a stream has an idle timeout ({@link UpstreamLimits}).
 */
public final class OpenAiCompatibleProvider implements Provider {

    /** Largest upstream error body relayed; the rest is cut. */
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final HeaderName RETRY_AFTER = HeaderNames.create("Retry-After");

    /** Closes answers and streams past their time; one daemon thread for all, as it only closes. */
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final Http1Client client;
    private final UpstreamLimits limits;

    /** @param connectTimeout time allowed to open a connection; default limits */
    public OpenAiCompatibleProvider(Duration connectTimeout) {
        this(connectTimeout, UpstreamLimits.defaults());
    }

    /**
     * @param connectTimeout time allowed to open a connection
     * @param limits bounds on answers, events and stream silence
     */
    public OpenAiCompatibleProvider(Duration connectTimeout, UpstreamLimits limits) {
        this.limits = limits;
        // HTTP/1.1 only: plain-http upstreams (vLLM, local servers) often mishandle the h2c upgrade.
        // https upstreams are verified against the JVM's default trust store and by host name.
        this.client = Http1Client.builder()
                .connectTimeout(connectTimeout)
                .followRedirects(false)
                .keepAlive(true)
                .shareConnectionCache(false)
                .tls(defaultTls())
                .build();
    }

    @Override
    public UpstreamReply send(UpstreamCall call) {
        UpstreamTarget target = UpstreamTarget.of(call);
        long deadline = System.nanoTime() + call.timeout().toNanos();
        Http1ClientRequest request = client.post().uri(target.uri())
                .readTimeout(call.timeout())
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .header(HeaderNames.ACCEPT, call.stream() ? "text/event-stream" : "application/json")
                .header(HeaderNames.CONTENT_LENGTH, Long.toString(call.body().size()));
        // Names were checked against the route's pass-through list and gateway.policy.upstream-headers,
        // neither of which can ever hold credentials.
        call.headers().forEach((name, value) -> request.header(HeaderNames.create(name), value));
        target.authValue().ifPresent(value -> request.header(HeaderNames.create(target.authHeader()), value));
        HttpClientResponse response = exchange(request, call);
        int status = response.status().code();
        String contentType = response.headers().first(HeaderNames.CONTENT_TYPE).orElse("application/json");
        boolean success = status / 100 == 2;
        if (call.stream() && success && contentType.startsWith("text/event-stream")) {
            return new UpstreamReply.Streaming(new SseEvents(new ResponseStream(response), limits.maxEventBytes(),
                    limits.streamIdleTimeout(), WATCHDOG));
        }
        byte[] body = readWhole(response, success ? limits.maxBodyBytes() : MAX_ERROR_BODY, deadline, call.timeout());
        if (success && body.length > limits.maxBodyBytes()) {
            throw new UpstreamException(UpstreamException.Kind.TOO_LARGE, "answer larger than"
                    + " gateway.upstream.max-body-bytes (" + limits.maxBodyBytes() + " bytes)", null);
        }
        return new UpstreamReply.Complete(status, body, contentType, response.headers().first(RETRY_AFTER));
    }

    /** Sends the request and waits for the answer's headers. */
    private static HttpClientResponse exchange(Http1ClientRequest request, UpstreamCall call) {
        try {
            return request.outputStream(out -> {
                call.body().writeTo(out);
                out.close();
            });
        } catch (UncheckedIOException e) {
            throw failure(e.getCause(), call.timeout());
        } catch (RuntimeException e) {
            // Helidon reports a connection closed mid-answer with exceptions of its own.
            throw new UpstreamException(UpstreamException.Kind.UNREACHABLE, String.valueOf(e), e);
        }
    }

    /**
     * The whole answer, at most {@code limit} + 1 bytes (so that a body over the limit is told
     * apart from one at it); the connection is closed if more was coming or the time ran out.
     */
    private static byte[] readWhole(HttpClientResponse response, long limit, long deadline, Duration timeout) {
        long left = deadline - System.nanoTime();
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> {
            late.set(true);
            response.close();
        }, Math.max(0, left), TimeUnit.NANOSECONDS);
        byte[] body;
        try (response; InputStream in = new ResponseStream(response)) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException | RuntimeException e) {
            throw late.get() ? new UpstreamException(UpstreamException.Kind.TIMEOUT, "no whole answer within " + timeout, e)
                    : new UpstreamException(UpstreamException.Kind.UNREACHABLE, "answer cut: " + e, e);
        } finally {
            alarm.cancel(false);
        }
        if (late.get()) {
            throw new UpstreamException(UpstreamException.Kind.TIMEOUT, "no whole answer within " + timeout, null);
        }
        return body;
    }

    private static UpstreamException failure(IOException cause, Duration timeout) {
        if (cause instanceof SocketTimeoutException) {
            return new UpstreamException(UpstreamException.Kind.TIMEOUT, "no answer within " + timeout, cause);
        }
        String why = cause instanceof ConnectException ? "connection refused" : String.valueOf(cause);
        return new UpstreamException(UpstreamException.Kind.UNREACHABLE, why, cause);
    }

    private static Tls defaultTls() {
        try {
            return Tls.builder().sslContext(SSLContext.getDefault()).build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no default TLS context", e);
        }
    }

    private static ScheduledExecutorService watchdog() {
        var executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "upstream-watchdog");
            t.setDaemon(true);
            return t;
        });
        // Most alarms are cancelled (the answer came); drop them at once rather than at their time.
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /**
     * An answer's body as the gateway reads it: Helidon's unchecked I/O failures as
     * {@link IOException}s; the end of a body delimited by the connection's close (no length,
     * not chunked, as some servers stream) as its end rather than a failure, while a body with a
     * length or chunks that stops short is a failure; and closing it closes the response, which
     * drops the connection before the end of a stream (how the upstream learns the call is
     * cancelled) and wakes a read blocked on it.
     */
    private static final class ResponseStream extends InputStream {
        private final HttpClientResponse response;
        private final InputStream body;
        private final boolean closeDelimited;

        ResponseStream(HttpClientResponse response) {
            this.response = response;
            this.body = response.inputStream();
            this.closeDelimited = !response.headers().contains(HeaderNames.CONTENT_LENGTH)
                    && !response.headers().contains(HeaderNames.TRANSFER_ENCODING);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            try {
                return body.read(into, offset, length);
            } catch (DataReader.InsufficientDataAvailableException e) {
                if (closeDelimited) {
                    return -1;
                }
                throw new IOException("upstream answer cut before its end", e);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (RuntimeException e) {
                throw new IOException("upstream answer cut: " + e, e);
            }
        }

        @Override
        public void close() {
            response.close();
        }
    }
}
