/**
 * The OpenAI-compatible HTTP API: routes, request checks, relaying upstream answers and
 * streams, liveness/readiness/metrics. Every error is mapped to OpenAI's shape in
 * {@link io.llmgw.gateway.http.ErrorMapper} with the kinds named in
 * {@link io.llmgw.gateway.http.OpenAiError}. Talks to keys, models, authz and upstream only
 * through their public types.
 */
package io.llmgw.gateway.http;
