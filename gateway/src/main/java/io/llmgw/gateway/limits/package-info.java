/**
 * Rate limits the policy attaches to an allow ({@code rate_limits} obligations): fixed-window
 * counters of requests and tokens per bucket, behind {@link io.llmgw.gateway.limits.LimitStore}
 * so a fleet of gateways can share them (the default store is in this process's memory), the
 * admission of a call against every limit it names, and the {@code x-ratelimit-*} headers
 * OpenAI's API answers with. Nothing here knows HTTP routing or the policy's wire format.
 */
package io.llmgw.gateway.limits;
