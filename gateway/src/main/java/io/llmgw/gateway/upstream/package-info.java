/**
 * Providers that allowed calls are forwarded to: any upstream speaking the OpenAI API (chat,
 * completions, embeddings, Responses; and Azure OpenAI's deployment URLs) or Anthropic's
 * Messages API over the JDK HTTP client, and the built-in mock; how failed calls are retried.
 * Streams are read event by event, with their event names, and cancelled on close. Knows
 * nothing of HTTP routing, keys or policies.
 */
package io.llmgw.gateway.upstream;
