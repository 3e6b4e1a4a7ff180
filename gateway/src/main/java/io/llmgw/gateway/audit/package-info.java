/**
 * The enforcement log: for every call an allow let through, one JSON line saying which of the
 * decision's obligations the gateway applied and how (or why it refused the allow), keyed by
 * the decision id so that it joins the authz-service's decision log. Written off the request
 * path through a bounded queue (the machinery shared with the decision log,
 * {@code io.llmgw.auditlog}); a full queue or a failing destination loses records (counted),
 * never a call. Names and numbers only: no keys, no header values, no prompt text. Nothing here
 * knows HTTP.
 */
package io.llmgw.gateway.audit;
