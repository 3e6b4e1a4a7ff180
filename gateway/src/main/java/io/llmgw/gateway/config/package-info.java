/**
 * Start-up settings of the gateway: one record per component, built once from Helidon config
 * with defaults beside each record, and the YAML reading shared by the key file and the
 * catalog. A bad value fails start-up naming its key. No request-time code lives here.
 */
package io.llmgw.gateway.config;
