package io.llmgw.gateway.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
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
    private final int maxEventBytes;
    private final Duration idleTimeout;
    private final ScheduledExecutorService watchdog;
    // The body is read a buffer at a time and lines are cut from it here, by one reader (the
    // thread relaying the stream), so no byte goes through a lock of its own.
    private final byte[] buffer = new byte[8192];
    private int position;
    private int filled;
    private byte[] line = new byte[256];
    private int lineLength;
    private volatile boolean stalled;
    private volatile boolean finished;

    SseEvents(InputStream body, int maxEventBytes, Duration idleTimeout, ScheduledExecutorService watchdog) {
        this.body = body;
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
                size += lineLength + 1;
            } else if (text.startsWith("event:")) {
                name = text.substring(6).strip();
                size += lineLength + 1;
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
        lineLength = 0;
        ScheduledFuture<?> alarm = watchdog.schedule(this::stall, idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            while (true) {
                if (position == filled && !fill()) {
                    return lineLength == 0 ? null : text();
                }
                int end = position;
                while (end < filled && buffer[end] != '\n' && buffer[end] != '\r') {
                    end++;
                }
                // Within the budget, byte for byte: the first byte past it ends the stream.
                if (end > position && lineLength + (end - position) > budget) {
                    close();
                    throw new UpstreamException(UpstreamException.Kind.TOO_LARGE,
                            "stream event larger than gateway.upstream.max-event-bytes (" + maxEventBytes + " bytes)",
                            null);
                }
                append(end);
                if (end < filled) {
                    position = end + 1;
                    if (buffer[end] == '\r' && (position < filled || fill()) && buffer[position] == '\n') {
                        position++;
                    }
                    return text();
                }
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

    /** Reads more of the body into the buffer; false at its end. */
    private boolean fill() throws IOException {
        int n = body.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        filled = n;
        return true;
    }

    private void append(int end) {
        int n = end - position;
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(lineLength + n, 2 * line.length));
        }
        System.arraycopy(buffer, position, line, lineLength, n);
        lineLength += n;
        position = end;
    }

    private String text() {
        return new String(line, 0, lineLength, StandardCharsets.UTF_8);
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
