/**
 * The thin gRPC adapter: validates requests, maps proto to the policy input document and
 * decisions back to proto, and registers health and reflection. No policy logic lives here.
 */
package io.llmgw.authz.grpc;
