package io.llmgw.auditlog;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.ErrorManager;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Destinations of a line log: a print stream (standard output), a file rotated by size, or
 * nowhere. Each names its log ({@code decision log}, {@code enforcement log}) in the errors it
 * throws, which the log reports with the first failure of a burst.
 */
public final class LineSinks {

    private LineSinks() {}

    /**
     * Lines on {@code out}. A print stream swallows I/O errors (a closed pipe, a full disk): its
     * error flag is turned into an exception, so that the log can count the loss.
     *
     * @param name the log's name in the error, such as {@code decision log}
     */
    public static LineSink printing(PrintStream out, String name) {
        return new LineSink() {
            @Override
            public void write(String lines) {
                out.println(lines);
                if (out.checkError()) {
                    throw new UncheckedIOException(new IOException("writing the " + name + " to the output failed"));
                }
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }

    /** Discards every line. */
    public static LineSink none() {
        return lines -> { };
    }

    /**
     * Lines in {@code file.0}, rotated to {@code file.1} ... when it reaches {@code maxBytes},
     * keeping {@code files} generations ({@code file.0} is the newest). The JDK's
     * {@link FileHandler} rotates; the write errors it reports to its error manager and carries
     * on past are kept and thrown from {@code write}, so that the log can count them.
     *
     * @param name the log's name in errors, such as {@code decision log}
     * @throws UncheckedIOException when the file cannot be opened
     */
    public static LineSink rotatingFile(Path file, long maxBytes, int files, String name) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            FileHandler handler = new FileHandler(file + ".%g", maxBytes, files, true);
            handler.setEncoding(StandardCharsets.UTF_8.name());
            AtomicReference<Exception> failure = new AtomicReference<>();
            handler.setErrorManager(new ErrorManager() {
                @Override
                public void error(String msg, Exception ex, int code) {
                    failure.compareAndSet(null, ex != null ? ex : new IOException(msg));
                }
            });
            handler.setFormatter(new Formatter() {
                @Override
                public String format(LogRecord line) {
                    return line.getMessage() + System.lineSeparator();
                }
            });
            return new LineSink() {
                @Override
                public void write(String lines) {
                    handler.publish(new LogRecord(Level.INFO, lines));
                    Exception e = failure.getAndSet(null);
                    if (e != null) {
                        throw new UncheckedIOException("writing " + name + " " + file + " failed",
                                e instanceof IOException io ? io : new IOException(e));
                    }
                }

                @Override
                public void close() {
                    handler.close();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + name + " " + file, e);
        }
    }
}
