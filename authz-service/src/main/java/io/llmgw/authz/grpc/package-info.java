/**
 * The thin gRPC adapter: validates requests, maps proto to the policy input document and
 * decisions back to proto, registers health (and reflection when configured), and secures
 * the port: mutual TLS credentials ({@link io.llmgw.authz.grpc.ServerSecurity}) and the
 * allow list of caller certificates ({@link io.llmgw.authz.grpc.CallerAuthorization}). No
 * policy logic lives here.
 */
package io.llmgw.authz.grpc;
