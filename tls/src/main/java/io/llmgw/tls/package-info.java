/**
 * Transport security of the gRPC link: the server's TLS credentials with certificate and
 * key files reloaded when they change, the trust check that logs every refused peer
 * certificate, and the demo certificate authority {@code make run} creates ({@code certs}
 * command). Nothing here evaluates policy; who may call once authenticated is decided by
 * {@link io.llmgw.authz.grpc.CallerAuthorization}.
 */
package io.llmgw.tls;
