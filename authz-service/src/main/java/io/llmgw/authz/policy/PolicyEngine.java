package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Evaluates the access policy.
 *
 * <p>Implementations are safe for concurrent use. They never throw for a policy that
 * evaluates to something unexpected: such a result is a {@link PolicyDecision.Deny} with code
 * {@code policy_result_invalid}, or an empty, invalid {@link Listing}. They throw
 * {@link PolicyEvaluationException} only when the evaluation itself could not run, and
 * {@link PolicyUnavailableException} when no policy is loaded.
 */
public interface PolicyEngine extends AutoCloseable {

    /** Evaluates the decision entrypoint for {@code input}, the policy input document. */
    Evaluation evaluate(JsonNode input);

    /** Evaluates the listing entrypoint for {@code input}, whose {@code models} are the candidates. */
    Listing listAllowed(JsonNode input);

    /** Revision of the policy now in use. */
    String revision();

    @Override
    void close();
}
