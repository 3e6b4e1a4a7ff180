/** The access-check client interface and its gRPC implementation; failures surface as exceptions callers fail closed on. */
package io.llmgw.gateway.authz;
