package io.llmgw.gateway.authz;

import java.util.Objects;

/**
 * The API operation a check is about.
 *
 * @param endpoint operation name, such as {@code chat.completions} or {@code models.list}
 * @param method HTTP method
 * @param path HTTP path as requested
 * @param stream whether the client asked for a streamed response
 */
public record Operation(String endpoint, String method, String path, boolean stream) {

    public Operation {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }
}
