/**
 * JMH benchmarks of the authz-service and the no-op gRPC server load tests compare against.
 * Not part of the running system.
 */
package io.llmgw.bench;
