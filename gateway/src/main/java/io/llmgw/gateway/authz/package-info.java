/**
 * The access-check client: the {@link io.llmgw.gateway.authz.AuthzClient} interface the HTTP
 * routes use, its gRPC implementation with deadline and single retry, start-up warm-up, and
 * the channels' mutual TLS ({@link io.llmgw.gateway.authz.AuthzTransport}, the one place
 * channel credentials are made).
 * Failures surface as {@link io.llmgw.gateway.authz.AuthzUnavailableException}, which callers
 * fail closed on. No HTTP types here.
 */
package io.llmgw.gateway.authz;
