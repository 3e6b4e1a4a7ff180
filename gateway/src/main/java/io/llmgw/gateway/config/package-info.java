/** Start-up settings of the gateway, built once from Helidon config; malformed entries fail naming their key. */
package io.llmgw.gateway.config;
