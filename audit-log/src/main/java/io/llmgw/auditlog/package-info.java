/**
 * The machinery both services' JSON-line logs share: the authz-service's decision log and the
 * gateway's enforcement log. A record is offered to a bounded queue and written a few
 * milliseconds later, in batches, by one background thread; a full queue drops it and a failed
 * write loses its batch, each counted and the failure logged once per burst, so that the log
 * never slows or fails a check or a call. Destinations: standard output, a file rotated by
 * size, nowhere; closing writes what is queued.
 *
 * <p>What a log records, its JSON shape, its metric names, its configuration keys and the
 * words of its own log lines belong to each service ({@code io.llmgw.authz.audit},
 * {@code io.llmgw.gateway.audit}); nothing here knows a record type, JSON, gRPC or HTTP.
 */
package io.llmgw.auditlog;
