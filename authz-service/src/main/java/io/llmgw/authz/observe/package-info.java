/** Observability of the authz-service: Prometheus metrics and the small HTTP server exposing them. */
package io.llmgw.authz.observe;
