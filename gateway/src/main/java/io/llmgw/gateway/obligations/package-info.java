/**
 * Enforcement of the obligations an allow carries, between the check and the forward:
 * {@link io.llmgw.gateway.obligations.ObligationEnforcer} turns them into a
 * {@link io.llmgw.gateway.obligations.CallPlan} (the deployment to call among those allowed,
 * edits of single values of the body such as a lowered output-token limit, headers to add,
 * the rate limits the call was counted against, and an {@link io.llmgw.gateway.obligations.Applied}
 * entry per obligation saying how it was applied, for the enforcement log) or refuses an allow
 * whose obligations this gateway cannot honour. No HTTP types here: the HTTP layer maps the exceptions to answers.
 */
package io.llmgw.gateway.obligations;
