package io.llmgw.gateway.keys;

/** The outcome of presenting an API key: a principal, or why there is none. */
public sealed interface Authentication permits Authentication.Authenticated, Authentication.Rejected {

    /** The key is known, unexpired and not blocked. */
    record Authenticated(Principal principal) implements Authentication {}

    /** The key must be refused; {@code keyId} is empty when the key is unknown. */
    record Rejected(Reason reason, String keyId) implements Authentication {}

    /** Why a key is refused; every reason is answered with 401 {@code invalid_api_key}. */
    enum Reason {
        /** No key was sent. */
        MISSING,
        /** No entry has the key's hash. */
        UNKNOWN,
        /** The entry's expiry has passed. */
        EXPIRED,
        /** The entry, or its team, is blocked. */
        BLOCKED
    }
}
