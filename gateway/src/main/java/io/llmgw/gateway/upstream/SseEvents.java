package io.llmgw.gateway.upstream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The events of a {@code text/event-stream} body, as the server-sent events specification
 * frames them: {@code data:} lines joined until a blank line, with the {@code event:} name when
 * there is one; comments and other fields skipped, the stream over at OpenAI's {@code [DONE]} or
 * at the end of the body.
 *
 * <p>Nothing is read unbounded: an event (or any single line) larger than {@code maxEventBytes}
 * ends the stream with {@link UpstreamException.Kind#TOO_LARGE} after reading at most that
 * much of it, and a stream silent for longer than {@code idleTimeout} between two lines
 * (keep-alive comments count as activity) is closed by a watchdog and ends with
 * {@link UpstreamException.Kind#STALLED}. Either way the body is closed, which cancels the
 * upstream call.
 */
final class SseEvents implements EventStream {

    private static final String DONE = "[DONE]";

    private final InputStream body;
    private final InputStream in;
    private final int maxEventBytes;
    private final Duration idleTimeout;
    private final ScheduledExecutorService watchdog;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private volatile boolean stalled;
    private volatile boolean finished;

    SseEvents(InputStream body, int maxEventBytes, Duration idleTimeout, ScheduledExecutorService watchdog) {
        this.body = body;
        this.in = new BufferedInputStream(body);
        this.maxEventBytes = maxEventBytes;
        this.idleTimeout = idleTimeout;
        this.watchdog = watchdog;
    }

    @Override
    public SseEvent next() throws IOException {
        StringBuilder data = null;
        String name = "";
        int size = 0;
        while (!finished) {
            String text = readLine(maxEventBytes - size);
            if (text == null) {
                finished = true;
                break;
            }
            if (text.isEmpty()) {
                if (data != null) {
                    break;
                }
                // An event without data is not dispatched; its name does not carry over.
                name = "";
                continue;
            }
            if (text.startsWith("data:")) {
                String value = text.substring(text.startsWith("data: ") ? 6 : 5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                size += line.size() + 1;
            } else if (text.startsWith("event:")) {
                name = text.substring(6).strip();
                size += line.size() + 1;
            }
        }
        if (data == null || DONE.contentEquals(data)) {
            finished = true;
            return null;
        }
        return new SseEvent(name, data.toString());
    }

    /** One line without its end (LF, CRLF or CR); null at the end of the body. */
    private String readLine(int budget) throws IOException {
        line.reset();
        ScheduledFuture<?> alarm = watchdog.schedule(this::stall, idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            while (true) {
                int b = in.read();
                if (b == -1) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                if (b == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                    return line.toString(StandardCharsets.UTF_8);
                }
                if (line.size() >= budget) {
                    close();
                    throw new UpstreamException(UpstreamException.Kind.TOO_LARGE,
                            "stream event larger than gateway.upstream.max-event-bytes (" + maxEventBytes + " bytes)",
                            null);
                }
                line.write(b);
            }
        } catch (IOException e) {
            if (stalled) {
                throw new UpstreamException(UpstreamException.Kind.STALLED,
                        "stream silent for longer than gateway.upstream.stream-idle-timeout (" + idleTimeout + ")", e);
            }
            throw e;
        } finally {
            alarm.cancel(false);
        }
    }

    private void stall() {
        stalled = true;
        close();
    }

    @Override
    public void close() {
        finished = true;
        try {
            // Closing the body before its end makes the JDK client drop the connection,
            // which is how the upstream learns the call is cancelled; a read blocked on it
            // wakes with an IOException.
            body.close();
        } catch (IOException e) {
            // Already broken; nothing is left to cancel.
        }
    }
}
