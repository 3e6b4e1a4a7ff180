package io.llmgw.gateway.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The built-in provider that answers locally, so the gateway runs with no network and tests
 * need no upstream. It answers every endpoint in its API's shape (chat, completions, embeddings,
 * Responses, Messages, token counts), streams in each API's events, and its text is
 * deterministic: the deployment's {@code mock_response}, or a sentence naming the upstream model
 * it stands in for. It can wait before answering and
 * between streamed chunks, and counts the calls it gets and the streams cut short, which
 * tests use to prove what was (not) forwarded.
 */
public final class MockProvider implements Provider {

    private final Duration latency;
    private final Duration chunkInterval;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong cancelledStreams = new AtomicLong();
    private volatile UpstreamCall lastCall;

    /**
     * @param latency wait before answering
     * @param chunkInterval wait between two streamed chunks
     */
    public MockProvider(Duration latency, Duration chunkInterval) {
        this.latency = latency;
        this.chunkInterval = chunkInterval;
    }

    /** An instant mock. */
    public MockProvider() {
        this(Duration.ZERO, Duration.ZERO);
    }

    @Override
    public UpstreamReply send(UpstreamCall call) {
        long n = calls.incrementAndGet();
        lastCall = call;
        String id = "mock-" + n;
        String text = call.deployment().mockResponse().orElse("Hello from mock model " + call.model() + ".");
        if (latency.compareTo(call.timeout()) > 0) {
            pause(call.timeout());
            throw new UpstreamException(UpstreamException.Kind.TIMEOUT, "mock latency exceeds the timeout", null);
        }
        pause(latency);
        if (call.stream()) {
            return new UpstreamReply.Streaming(new MockEvents(new ArrayDeque<>(events(call, id, text))));
        }
        ObjectNode body = switch (call.endpoint()) {
            case CHAT_COMPLETIONS -> MockResponses.chatCompletion("chatcmpl-" + id, call.model(), text);
            case COMPLETIONS -> MockResponses.completion("cmpl-" + id, call.model(), text);
            case EMBEDDINGS -> MockResponses.embeddings(call.model(), call.body().json());
            case RESPONSES -> MockResponsesApi.response(id, call.model(), text);
            case MESSAGES -> MockMessages.message(id, call.model(), text);
            case MESSAGES_COUNT_TOKENS -> MockMessages.countTokens(call.body().json());
        };
        return new UpstreamReply.Complete(200, body.toString().getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static List<SseEvent> events(UpstreamCall call, String id, String text) {
        return switch (call.endpoint()) {
            case RESPONSES -> MockResponsesApi.events(id, call.model(), text);
            case MESSAGES -> MockMessages.events(id, call.model(), text);
            case CHAT_COMPLETIONS, COMPLETIONS, EMBEDDINGS, MESSAGES_COUNT_TOKENS -> {
                boolean usage = call.body().json().path("stream_options").path("include_usage").asBoolean(false);
                yield MockResponses.chunks(call.endpoint(), id, call.model(), text, usage).stream()
                        .map(chunk -> SseEvent.data(chunk.toString())).toList();
            }
        };
    }

    /** Calls this provider has received. */
    public long calls() {
        return calls.get();
    }

    /** The last call this provider received (its endpoint, model, headers), or null before the first. */
    public UpstreamCall lastCall() {
        return lastCall;
    }

    /** Streams closed before their last chunk, such as when the client went away. */
    public long cancelledStreams() {
        return cancelledStreams.get();
    }

    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class MockEvents implements EventStream {

        private final ArrayDeque<SseEvent> chunks;
        private boolean first = true;
        private boolean closed;

        MockEvents(ArrayDeque<SseEvent> chunks) {
            this.chunks = chunks;
        }

        @Override
        public SseEvent next() {
            if (closed || chunks.isEmpty()) {
                return null;
            }
            if (!first) {
                pause(chunkInterval);
            }
            first = false;
            return chunks.poll();
        }

        @Override
        public void close() {
            if (!closed && !chunks.isEmpty()) {
                cancelledStreams.incrementAndGet();
            }
            closed = true;
        }
    }
}
