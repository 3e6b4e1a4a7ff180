package io.llmgw.authz.policy;

import java.util.Objects;

/**
 * One reason behind a decision, as the policy stated it.
 *
 * @param code stable snake_case code, such as {@code key_model_access_denied}
 * @param message human-readable text, suitable for an API error body
 */
public record Reason(String code, String message) {

    public Reason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
