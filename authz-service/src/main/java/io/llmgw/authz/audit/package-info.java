/**
 * The decision log: every decision as one JSON line in OPA's decision-log event shape, written
 * off the hot path through a bounded queue, with configurable erasure of input fields.
 * Nothing here knows gRPC.
 */
package io.llmgw.authz.audit;
