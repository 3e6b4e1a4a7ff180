package io.llmgw.auditlog;

import java.util.Objects;
import java.util.function.IntFunction;
import java.util.logging.Logger;

/**
 * How a line log tells its service's own log that writes fail and recover: to which logger and
 * in which words, so that each service keeps its error code and names its own metric. A
 * failing destination fails every batch; only the first failure of a burst and the recovery
 * are logged, the rest are counted.
 *
 * @param logger where both lines go; its name is also given as their source, so that they read
 *     as the service's log's own whichever class writes them
 * @param failed the line for the first failed write of a burst, given how many records that
 *     write lost; logged at SEVERE with the cause
 * @param recovered the line for the first write that succeeds after a burst; logged at WARNING
 */
public record FailureReport(Logger logger, IntFunction<String> failed, Recovered recovered) {

    public FailureReport {
        Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(failed, "failed");
        Objects.requireNonNull(recovered, "recovered");
    }

    /** The recovery line. */
    @FunctionalInterface
    public interface Recovered {

        /**
         * @param failedBatches the writes that failed in the burst just ended
         * @param lostSinceStart the records lost to failed writes since the log was opened
         */
        String line(long failedBatches, long lostSinceStart);
    }
}
