/** HTTP routes of the OpenAI-compatible API; every error is mapped to OpenAI's shape in {@link io.llmgw.gateway.http.OpenAiError}. */
package io.llmgw.gateway.http;
