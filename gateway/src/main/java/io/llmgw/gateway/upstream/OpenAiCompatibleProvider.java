package io.llmgw.gateway.upstream;

import io.llmgw.gateway.config.UpstreamLimits;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Any upstream that speaks the OpenAI API: {@code POST {api_base}/chat/completions} and so on,
 * with the deployment's key as a bearer token, or Azure OpenAI's deployment URLs with its
 * {@code api-key} header, or Anthropic's Messages API at {@code {api_base}/messages} with its
 * {@code x-api-key} ({@link UpstreamTarget}), over the JDK's HTTP client. The timeout bounds
 * the whole answer, or for a stream the time until it starts; the call is cancelled past it.
 * Nothing is read unbounded: answers, error bodies and stream events each have a size limit,
 * and a stream has an idle timeout ({@link UpstreamLimits}).
 */
public final class OpenAiCompatibleProvider implements Provider {

    /** Largest upstream error body relayed; the rest is cut. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** Closes streams that fell silent; one daemon thread for every stream, as it only closes. */
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final HttpClient client;
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
        // HTTP/1.1: plain-http upstreams (vLLM, local servers) often mishandle the h2c upgrade.
        // The client's own steps of each exchange run on virtual threads, beside the requests'
        // own, rather than handed between the threads of a pool of its own.
        this.client = HttpClient.newBuilder()
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public UpstreamReply send(UpstreamCall call) {
        UpstreamTarget target = UpstreamTarget.of(call);
        HttpRequest.Builder request = HttpRequest.newBuilder(target.uri())
                .timeout(call.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", call.stream() ? "text/event-stream" : "application/json")
                .POST(call.body().publisher());
        // Names were checked against the route's pass-through list and gateway.policy.upstream-headers,
        // neither of which can ever hold credentials.
        call.headers().forEach(request::header);
        target.authValue().ifPresent(value -> request.header(target.authHeader(), value));
        boolean stream = call.stream();
        HttpResponse<Received> response = await(client.sendAsync(request.build(), info -> {
            String contentType = info.headers().firstValue("Content-Type").orElse("application/json");
            boolean success = info.statusCode() / 100 == 2;
            if (stream && success && contentType.startsWith("text/event-stream")) {
                return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofInputStream(),
                        Received.Events::new);
            }
            // A whole answer arrives within the same timeout, gathered by the client as it comes.
            return HttpResponse.BodySubscribers.mapping(new BoundedBody(success ? limits.maxBodyBytes()
                    : MAX_ERROR_BODY), Received.Whole::new);
        }), call.timeout());
        String contentType = response.headers().firstValue("Content-Type").orElse("application/json");
        return switch (response.body()) {
            case Received.Events events -> new UpstreamReply.Streaming(new SseEvents(events.body(),
                    limits.maxEventBytes(), limits.streamIdleTimeout(), WATCHDOG));
            case Received.Whole whole -> {
                if (response.statusCode() / 100 == 2 && whole.body().length > limits.maxBodyBytes()) {
                    throw new UpstreamException(UpstreamException.Kind.TOO_LARGE, "answer larger than"
                            + " gateway.upstream.max-body-bytes (" + limits.maxBodyBytes() + " bytes)", null);
                }
                yield new UpstreamReply.Complete(response.statusCode(), whole.body(), contentType,
                        response.headers().firstValue("Retry-After"));
            }
        };
    }

    /** What came back: a stream of events to relay as they come, or a whole answer (at most its limit + 1 bytes). */
    private sealed interface Received {
        record Events(InputStream body) implements Received {}

        record Whole(byte[] body) implements Received {}
    }

    private static ScheduledExecutorService watchdog() {
        var executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "upstream-stream-watchdog");
            t.setDaemon(true);
            return t;
        });
        // Most alarms are cancelled (the next line came); drop them at once rather than at their time.
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new UpstreamException(UpstreamException.Kind.TIMEOUT, "no answer within " + timeout, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new UpstreamException(UpstreamException.Kind.UNREACHABLE, "interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpstreamException upstream) {
                throw upstream;
            }
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                throw new UpstreamException(UpstreamException.Kind.TIMEOUT, "no answer within " + timeout, cause);
            }
            String why = cause instanceof ConnectException ? "connection refused" : String.valueOf(cause);
            throw new UpstreamException(UpstreamException.Kind.UNREACHABLE, why, cause);
        }
    }
}
