/**
 * The HTTP API (OpenAI's, with Anthropic's Messages beside it): routes, request checks,
 * relaying upstream answers and streams, liveness/readiness/metrics. Every route that can
 * reach an upstream is a {@link io.llmgw.gateway.http.CallRoute} served by the one choke point,
 * {@link io.llmgw.gateway.http.ModelCallGate} (authenticate, read the model, resolve, check,
 * forward); no other class here calls a provider. Every error is mapped in
 * {@link io.llmgw.gateway.http.ErrorMapper}, with the kinds named in
 * {@link io.llmgw.gateway.http.OpenAiError}, into the shape of the route's
 * {@link io.llmgw.gateway.http.ClientApi}. Talks to keys, models, authz and upstream only
 * through their public types.
 */
package io.llmgw.gateway.http;
