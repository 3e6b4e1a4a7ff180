package io.llmgw.gateway.keys;

/** Authenticates presented API keys: one registry, or the live registry of a watched key file. */
public interface KeyLookup {

    /** Authenticates {@code presentedKey}; null or empty is {@link Authentication.Reason#MISSING}. */
    Authentication authenticate(String presentedKey);
}
