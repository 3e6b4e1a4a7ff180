package io.llmgw.authz;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the messages logged to one logger while open, for tests of log lines: every
 * level, or WARNING and above only ({@link #warningsOf(Class)}).
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger, Level level) {
        this.logger = logger;
        setLevel(level);
        logger.addHandler(this);
    }

    /** Starts collecting what {@code type}'s logger logs. */
    public static LogCapture of(Class<?> type) {
        return of(Logger.getLogger(type.getName()));
    }

    /** Starts collecting what {@code logger} logs. */
    public static LogCapture of(Logger logger) {
        return new LogCapture(logger, Level.ALL);
    }

    /** Starts collecting what {@code type}'s logger logs at WARNING or above. */
    public static LogCapture warningsOf(Class<?> type) {
        return new LogCapture(Logger.getLogger(type.getName()), Level.WARNING);
    }

    /** The messages so far, formatted. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            messages.add(record.getMessage());
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
