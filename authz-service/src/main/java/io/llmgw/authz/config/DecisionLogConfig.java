package io.llmgw.authz.config;

import io.helidon.config.Config;
import java.nio.file.Path;
import java.util.List;

/**
 * Where and how decisions are logged ({@code authz.decision-log}).
 *
 * @param output {@code stdout}, {@code file} or {@code none}
 * @param file path of the log when {@code output} is {@code file}; rotated files get {@code .0}, {@code .1}, ...
 * @param maxFileBytes size at which the file rotates
 * @param files rotated generations kept
 * @param queueCapacity events waiting to be written before new ones are dropped (and counted)
 * @param mask JSON pointers into the input erased before writing, e.g. {@code /principal/metadata/email}
 */
public record DecisionLogConfig(String output, Path file, long maxFileBytes, int files, int queueCapacity,
        List<String> mask) {

    public DecisionLogConfig {
        if (!List.of("stdout", "file", "none").contains(output)) {
            throw new IllegalArgumentException("authz.decision-log.output must be stdout, file or none, was '" + output + "'");
        }
        if (maxFileBytes < 1024 || files < 1) {
            throw new IllegalArgumentException("authz.decision-log.max-file-bytes must be >= 1024 and files >= 1");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("authz.decision-log.queue-capacity must be at least 1");
        }
        for (String pointer : mask) {
            if (!pointer.startsWith("/") || pointer.length() < 2) {
                throw new IllegalArgumentException("authz.decision-log.mask entries are JSON pointers such as "
                        + "/principal/metadata/email, was '" + pointer + "'");
            }
        }
        mask = List.copyOf(mask);
    }

    static DecisionLogConfig from(Config c) {
        return new DecisionLogConfig(
                c.get("output").asString().orElse("stdout"),
                Path.of(c.get("file").asString().orElse("logs/decisions.log")),
                c.get("max-file-bytes").asLong().orElse(100L * 1024 * 1024),
                c.get("files").asInt().orElse(5),
                c.get("queue-capacity").asInt().orElse(10_000),
                c.get("mask").asList(String.class).orElse(List.of()));
    }
}
