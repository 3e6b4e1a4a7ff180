/**
 * API keys and teams: the key file (SHA-256 hashes only), authentication of presented keys,
 * and the generation of new keys. Knows nothing of HTTP or policies; never logs a key.
 */
package io.llmgw.gateway.keys;
