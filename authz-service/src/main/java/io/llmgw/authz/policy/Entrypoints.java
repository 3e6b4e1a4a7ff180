package io.llmgw.authz.policy;

/**
 * The two policy entrypoints the service evaluates, as {@code <package path>/<rule>}.
 *
 * @param decision single check; yields {@code {"allow", "reasons", "http_status"}}
 * @param listing model listing; yields the {@code requested} names of the allowed, listable
 *     candidates in {@code input.models}
 */
public record Entrypoints(String decision, String listing) {

    /** The entrypoints the shipped policies define. */
    public static final Entrypoints DEFAULT = new Entrypoints("llmgw/authz/decision", "llmgw/authz/allowed_models");

    public Entrypoints {
        if (decision == null || decision.isBlank()) {
            throw new IllegalArgumentException("the decision entrypoint must be named");
        }
        if (listing == null || listing.isBlank()) {
            throw new IllegalArgumentException("the listing entrypoint must be named");
        }
    }
}
