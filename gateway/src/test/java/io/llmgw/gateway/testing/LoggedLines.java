package io.llmgw.gateway.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The messages one logger logs while this is open, for tests of log lines. */
public final class LoggedLines extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private LoggedLines(Logger logger) {
        this.logger = logger;
        logger.addHandler(this);
    }

    /** Starts collecting what {@code type}'s logger logs at its level (INFO unless set). */
    public static LoggedLines of(Class<?> type) {
        return new LoggedLines(Logger.getLogger(type.getName()));
    }

    /** The messages so far, formatted. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void publish(LogRecord record) {
        messages.add(record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
