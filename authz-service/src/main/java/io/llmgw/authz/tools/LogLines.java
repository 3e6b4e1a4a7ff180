package io.llmgw.authz.tools;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The lines of one decision-log file (plain or gzip, told apart by the gzip magic bytes) or
 * of standard input, numbered from 1, each knowing whether it ended with a newline: the last
 * line of a file cut off mid-write does not.
 */
final class LogLines implements AutoCloseable {

    /** One line; {@code terminated} is false for a last line without its newline. */
    record Line(String text, long number, boolean terminated) {}

    private final String name;
    private final Reader reader;
    private final char[] buffer = new char[64 * 1024];
    private final StringBuilder pending = new StringBuilder();
    private int position;
    private int limit;
    private long number;

    private LogLines(String name, InputStream in) throws IOException {
        this.name = name;
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        InputStream plain = first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
        this.reader = new InputStreamReader(plain, StandardCharsets.UTF_8);
    }

    /** Opens {@code source}; {@code -} is standard input. */
    static LogLines open(String source) throws IOException {
        if (source.equals("-")) {
            return new LogLines("stdin", System.in);
        }
        return new LogLines(source, Files.newInputStream(Path.of(source)));
    }

    /** How messages name this source. */
    String name() {
        return name;
    }

    /** The number of the last line returned. */
    long lineNumber() {
        return number;
    }

    /**
     * The next line, or null at the end.
     *
     * @throws EOFException when a gzip stream ends early (a truncated file)
     */
    Line next() throws IOException {
        pending.setLength(0);
        while (true) {
            if (position == limit) {
                limit = reader.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (pending.isEmpty()) {
                        return null;
                    }
                    return new Line(pending.toString(), ++number, false);
                }
            }
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    pending.append(buffer, position, i - position);
                    position = i + 1;
                    return new Line(pending.toString(), ++number, true);
                }
            }
            pending.append(buffer, position, limit - position);
            position = limit;
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
