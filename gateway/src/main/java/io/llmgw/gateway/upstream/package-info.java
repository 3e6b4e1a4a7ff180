/**
 * Providers that allowed calls are forwarded to: any OpenAI-compatible upstream (and Azure
 * OpenAI's deployment URLs) over the JDK HTTP client, and the built-in mock; how failed calls
 * are retried. Streams are read event by event and cancelled on close.
 * Knows nothing of HTTP routing, keys or policies.
 */
package io.llmgw.gateway.upstream;
