package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Evaluates the access policy for one input document.
 *
 * <p>Implementations are safe for concurrent use. They never throw for a policy that
 * evaluates to something unexpected: such a result is a {@link PolicyDecision.Deny} with code
 * {@code policy_result_invalid}. They throw {@link PolicyEvaluationException} only when the
 * evaluation itself could not run.
 */
public interface PolicyEngine extends AutoCloseable {

    /** Evaluates the decision entrypoint for {@code input} (the policy input document). */
    Evaluation evaluate(JsonNode input);

    /** Revision of the policy bundle now in use. */
    String revision();

    @Override
    void close();
}
