package io.llmgw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP client is given to send: the body with its model and edits, its exact length,
 * the same bytes each time it is written, and a large body written from the client's own bytes
 * rather than copied whole.
 */
class ForwardedBodyTest {

    private static final String PREFIX = "{\"model\":\"alias\",\"max_tokens\":4000,\"messages\":[{\"content\":\"";
    private static final String SUFFIX = "\"}]}";
    private static final int MODEL_START = 9;
    private static final int MODEL_END = 16;
    private static final int LIMIT_START = 30;
    private static final int LIMIT_END = 34;

    /** A chat body whose message is {@code contentBytes} of 'x'. */
    private static ForwardedBody body(int contentBytes) {
        byte[] bytes = (PREFIX + "x".repeat(contentBytes) + SUFFIX).getBytes(StandardCharsets.UTF_8);
        return new ForwardedBody(bytes, bytes.length, MODEL_START, MODEL_END, "vendor/model-1",
                List.of(new ForwardedBody.Edit(LIMIT_START, LIMIT_END, "256")));
    }

    @Test
    void smallBody_writtenWithModelAndEdits_sizeExact() throws Exception {
        ForwardedBody body = body(10);
        String expected = PREFIX.replace("\"alias\"", "\"vendor/model-1\"").replace("4000", "256") + "x".repeat(10)
                + SUFFIX;

        var out = new ByteArrayOutputStream();
        body.writeTo(out);

        assertThat(body.toString()).isEqualTo(expected);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(body.size()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void largeBody_sameBytesEachTimeItIsWritten() throws Exception {
        ForwardedBody body = body(1_000_000);
        byte[] expected = body.toString().getBytes(StandardCharsets.UTF_8);

        var first = new ByteArrayOutputStream();
        body.writeTo(first);
        var second = new ByteArrayOutputStream();
        body.writeTo(second);

        assertThat(body.size()).isEqualTo(expected.length);
        assertThat(first.toByteArray()).isEqualTo(expected);
        assertThat(second.toByteArray()).isEqualTo(expected);
    }

    @Test
    void largeBody_writtenFromItsOwnBytes_neverCopiedWhole() throws Exception {
        ForwardedBody body = body(9_000_000);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var counted = new CountingStream();

        long before = threads.getCurrentThreadAllocatedBytes();
        body.writeTo(counted);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // The client's run of 9 MB goes to the stream as the slice of the array it is in; only
        // the new values and the walk's own objects are allocated.
        assertThat(counted.count).isEqualTo(body.size());
        assertThat(counted.largestWrite).isGreaterThan(9_000_000);
        assertThat(allocated).isLessThan(64 * 1024);
    }

    @Test
    void writeFailure_isTheStreamsIOException() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThatThrownBy(() -> body(10).writeTo(broken)).isInstanceOf(IOException.class)
                .hasMessage("connection reset");
    }

    /** Counts what is written to it, keeping nothing. */
    private static final class CountingStream extends OutputStream {
        private long count;
        private int largestWrite;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            largestWrite = Math.max(largestWrite, len);
        }
    }
}
