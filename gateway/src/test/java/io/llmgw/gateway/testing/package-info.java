/** Test support: a fake authz client, a gateway built from YAML text, HTTP helpers. */
package io.llmgw.gateway.testing;
