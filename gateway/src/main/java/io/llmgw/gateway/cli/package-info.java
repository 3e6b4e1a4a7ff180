/** Command-line tools of the gateway, such as {@code create-key}. No serving code here. */
package io.llmgw.gateway.cli;
