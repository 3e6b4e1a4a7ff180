/** The model catalog and the resolution of requested names to deployments. Knows nothing of HTTP. */
package io.llmgw.gateway.models;
