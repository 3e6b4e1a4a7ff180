/** The authz-service: {@link io.llmgw.authz.Main} wires config, policy engine and gRPC server. */
package io.llmgw.authz;
