package io.llmgw.gateway.authz;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The obligations of an allow, as the authz-service sent them; {@code io.llmgw.gateway.obligations}
 * checks them against the gateway's configuration and enforces them.
 *
 * @param deployments ids of the candidate deployments the call may use; empty when the policy
 *     did not restrict them
 * @param maxOutputTokens cap on the output tokens the call may ask for; empty for none
 * @param upstreamHeaders headers the policy asks to add to the upstream call
 * @param rateLimits budgets the call counts against
 */
public record CallConditions(Optional<List<String>> deployments, OptionalLong maxOutputTokens,
        Map<String, String> upstreamHeaders, List<Limit> rateLimits) {

    /** A plain allow. */
    public static final CallConditions NONE = new CallConditions(Optional.empty(), OptionalLong.empty(), Map.of(),
            List.of());

    public CallConditions {
        deployments = deployments.map(List::copyOf);
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        upstreamHeaders = Map.copyOf(upstreamHeaders);
        rateLimits = List.copyOf(rateLimits);
    }

    /**
     * One rate limit.
     *
     * @param bucket counter name
     * @param requests most requests per window; 0 for none
     * @param tokens most tokens per window; 0 for none
     * @param per window length
     * @param code reason code of a refusal
     */
    public record Limit(String bucket, long requests, long tokens, Duration per, String code) {
        public Limit {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(per, "per");
            Objects.requireNonNull(code, "code");
        }
    }
}
