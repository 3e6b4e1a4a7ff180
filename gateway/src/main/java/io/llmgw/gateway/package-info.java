/** The gateway: {@link io.llmgw.gateway.Main} wires config, key registry, catalog, authz client and routes. */
package io.llmgw.gateway;
