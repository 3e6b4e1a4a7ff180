/**
 * The access-check client: the {@link io.llmgw.gateway.authz.AuthzClient} interface the HTTP
 * routes use, its gRPC implementation with deadline and single retry, and start-up warm-up.
 * Failures surface as {@link io.llmgw.gateway.authz.AuthzUnavailableException}, which callers
 * fail closed on. No HTTP types here.
 */
package io.llmgw.gateway.authz;
