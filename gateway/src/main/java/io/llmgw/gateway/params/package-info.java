/**
 * The generation parameters of a model call, read for the policy during the request check's
 * one streaming pass over the body: {@link io.llmgw.gateway.params.ParamsScanner} reads each
 * top-level field it knows into the normalized {@link io.llmgw.gateway.authz.RequestParams}
 * and notes where the values an obligation may rewrite lie; the tools and tool choice of every
 * API and the kinds of content (images, audio) have readers of their own. The same reading for
 * every endpoint. Never keeps message or prompt text. No HTTP types here: a parameter that
 * cannot be read is an {@link io.llmgw.gateway.params.InvalidParamException}, which the HTTP
 * layer answers with 400.
 */
package io.llmgw.gateway.params;
