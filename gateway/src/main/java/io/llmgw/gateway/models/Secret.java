package io.llmgw.gateway.models;

import java.util.Objects;

/**
 * A credential for an upstream, such as a provider API key. Its {@link #toString()} never
 * shows the value, so a deployment can be logged or printed without leaking it.
 *
 * @param value the credential; empty when the upstream needs none
 */
public record Secret(String value) {

    /** No credential. */
    public static final Secret NONE = new Secret("");

    public Secret {
        Objects.requireNonNull(value, "value");
    }

    /** Whether there is a credential to send. */
    public boolean isPresent() {
        return !value.isEmpty();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "Secret[none]" : "Secret[****]";
    }
}
