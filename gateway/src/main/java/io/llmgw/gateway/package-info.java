/**
 * The gateway: {@link io.llmgw.gateway.Main} reads the configuration, key file and catalog,
 * connects to the authz-service, wires the components and starts the HTTP server.
 */
package io.llmgw.gateway;
