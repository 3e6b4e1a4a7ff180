package io.llmgw.gateway.config;

import io.helidon.config.Config;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the gateway records which obligations it applied to each call
 * ({@code gateway.enforcement-log}), set like the authz-service's decision log.
 *
 * @param output {@code stdout}, {@code file} or {@code none}
 * @param file the log when {@code output} is {@code file}; generations are {@code .0} (newest), {@code .1}, ...
 * @param maxFileBytes size at which the file rotates
 * @param files generations kept
 * @param queueCapacity records waiting to be written before new ones are dropped (and counted)
 */
public record EnforcementLogConfig(String output, Path file, long maxFileBytes, int files, int queueCapacity) {

    public EnforcementLogConfig {
        if (!List.of("stdout", "file", "none").contains(output)) {
            throw new IllegalArgumentException("gateway.enforcement-log.output must be stdout, file or none, was '"
                    + output + "'");
        }
        if (maxFileBytes < 1024) {
            throw new IllegalArgumentException("gateway.enforcement-log.max-file-bytes must be at least 1024");
        }
        if (files < 1) {
            throw new IllegalArgumentException("gateway.enforcement-log.files must be at least 1");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("gateway.enforcement-log.queue-capacity must be at least 1");
        }
    }

    /** The defaults: every record on standard output. */
    public static EnforcementLogConfig defaults() {
        return new EnforcementLogConfig("stdout", Path.of("logs/enforcement.log"), 100L * 1024 * 1024, 5, 10_000);
    }

    static EnforcementLogConfig from(Config c) {
        EnforcementLogConfig d = defaults();
        return new EnforcementLogConfig(
                c.get("output").asString().orElse(d.output()),
                c.get("file").asString().map(Path::of).orElse(d.file()),
                c.get("max-file-bytes").asLong().orElse(d.maxFileBytes()),
                c.get("files").asInt().orElse(d.files()),
                c.get("queue-capacity").asInt().orElse(d.queueCapacity()));
    }
}
