/**
 * The model catalog (LiteLLM {@code config.yaml} shape) and the resolution of requested names
 * to deployments: exact names, aliases, wildcards, round robin; how each provider prefix is
 * called (or that it cannot be); the catalog's retries and fallbacks. Knows nothing of HTTP or of
 * the authz-service.
 */
package io.llmgw.gateway.models;
