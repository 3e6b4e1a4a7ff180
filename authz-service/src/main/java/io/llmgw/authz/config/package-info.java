/** Start-up settings of the authz-service, one record built once from Helidon config. */
package io.llmgw.authz.config;
