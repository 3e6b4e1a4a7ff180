/**
 * Policy evaluation: the engine interface, the in-process wasm engine and its instance pool,
 * bundle loading, and the fail-closed reading of decision documents. Nothing here knows
 * gRPC.
 */
package io.llmgw.authz.policy;
