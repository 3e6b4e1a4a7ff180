package io.llmgw.authz.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What the gateway must do for an allowed call, as the policy stated it and
 * {@link ObligationsDocument} checked it.
 *
 * @param deployments ids of the candidate deployments the call may be routed to; empty when
 *     the policy did not restrict them
 * @param maxOutputTokens the most output tokens the call may ask for; empty for no cap
 * @param upstreamHeaders headers to add to the upstream call, lower-case names, sorted
 * @param rateLimits the budgets the call counts against
 */
public record Obligations(Optional<List<String>> deployments, OptionalLong maxOutputTokens,
        Map<String, String> upstreamHeaders, List<RateLimit> rateLimits) {

    /** No obligations: a plain allow. */
    public static final Obligations NONE = new Obligations(Optional.empty(), OptionalLong.empty(), Map.of(), List.of());

    public Obligations {
        deployments = deployments.map(List::copyOf);
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        upstreamHeaders = java.util.Collections.unmodifiableMap(new TreeMap<>(upstreamHeaders));
        rateLimits = List.copyOf(rateLimits);
    }

    /** True when there is nothing to enforce. */
    public boolean isEmpty() {
        return deployments.isEmpty() && maxOutputTokens.isEmpty() && upstreamHeaders.isEmpty() && rateLimits.isEmpty();
    }
}
