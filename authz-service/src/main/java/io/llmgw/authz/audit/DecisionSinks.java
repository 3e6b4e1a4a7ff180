package io.llmgw.authz.audit;

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

/** Destinations for decision-log lines. */
public final class DecisionSinks {

    private DecisionSinks() {}

    /** One line per event on standard output; a failed write (a closed pipe) throws. */
    public static DecisionSink stdout() {
        return printing(new PrintStream(System.out, true, StandardCharsets.UTF_8));
    }

    /** Lines on {@code out}, which swallows I/O errors: its error flag is turned into an exception. */
    static DecisionSink printing(PrintStream out) {
        return lines -> {
            out.println(lines);
            if (out.checkError()) {
                throw new UncheckedIOException(new IOException("writing the decision log to the output failed"));
            }
        };
    }

    /** Discards every line. */
    public static DecisionSink none() {
        return line -> { };
    }

    /**
     * One line per event in {@code file}, rotated when it reaches {@code maxBytes}, keeping
     * {@code files} generations ({@code file.0} is the newest). Rotation is the JDK's own
     * {@link FileHandler}.
     */
    public static DecisionSink rotatingFile(Path file, long maxBytes, int files) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            FileHandler handler = new FileHandler(file.toString() + ".%g", maxBytes, files, true);
            handler.setEncoding(StandardCharsets.UTF_8.name());
            // The handler reports write failures to its ErrorManager and carries on; keep the
            // failure so that write() can throw it and the log can count it.
            AtomicReference<Exception> failure = new AtomicReference<>();
            handler.setErrorManager(new ErrorManager() {
                @Override
                public void error(String msg, Exception ex, int code) {
                    failure.compareAndSet(null, ex != null ? ex : new IOException(msg));
                }
            });
            handler.setFormatter(new Formatter() {
                @Override
                public String format(LogRecord record) {
                    return record.getMessage() + System.lineSeparator();
                }
            });
            return new DecisionSink() {
                @Override
                public void write(String line) {
                    handler.publish(new LogRecord(Level.INFO, line));
                    Exception e = failure.getAndSet(null);
                    if (e != null) {
                        throw new UncheckedIOException("writing decision log " + file + " failed",
                                e instanceof IOException io ? io : new IOException(e));
                    }
                }

                @Override
                public void close() {
                    handler.close();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open decision log " + file, e);
        }
    }
}
