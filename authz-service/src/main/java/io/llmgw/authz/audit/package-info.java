/**
 * The decision log: every decision as one JSON line in OPA's decision-log event shape, written
 * off the hot path through a bounded queue (the machinery shared with the gateway's enforcement
 * log, {@code io.llmgw.auditlog}), with configurable erasure of input fields. Nothing here knows
 * gRPC.
 */
package io.llmgw.authz.audit;
