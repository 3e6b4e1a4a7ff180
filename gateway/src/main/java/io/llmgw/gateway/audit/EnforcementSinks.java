package io.llmgw.gateway.audit;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
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
 * Destinations of the enforcement log, the same as the authz-service's decision log offers:
 * standard output (the gateway's own log lines go to standard error) or a file rotated by size.
 */
public final class EnforcementSinks {

    private EnforcementSinks() {}

    /** Standard output. */
    public static EnforcementSink stdout() {
        return printing(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
    }

    /** Lines on {@code out}; its error flag (a closed pipe, a full disk) becomes an exception. */
    static EnforcementSink printing(PrintStream out) {
        return new EnforcementSink() {
            @Override
            public void write(String lines) {
                out.println(lines);
                if (out.checkError()) {
                    throw new UncheckedIOException(new IOException("writing the enforcement log to the output failed"));
                }
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }

    /**
     * {@code file.0}, rotated to {@code file.1} ... when it reaches {@code maxBytes}, keeping
     * {@code files} generations. The JDK's {@link FileHandler} rotates; its swallowed write
     * errors are kept and thrown from {@code write}, so that the log can count them.
     */
    public static EnforcementSink rotatingFile(Path file, long maxBytes, int files) {
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
            return new EnforcementSink() {
                @Override
                public void write(String lines) {
                    handler.publish(new LogRecord(Level.INFO, lines));
                    Exception e = failure.getAndSet(null);
                    if (e != null) {
                        throw new UncheckedIOException("writing enforcement log " + file + " failed",
                                e instanceof IOException io ? io : new IOException(e));
                    }
                }

                @Override
                public void close() {
                    handler.close();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open enforcement log " + file, e);
        }
    }
}
