package io.llmgw.gateway.obligations;

import io.llmgw.gateway.limits.RateLimiter;
import io.llmgw.gateway.models.ModelResolution;
import io.llmgw.gateway.upstream.ForwardedBody;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an allowed call goes upstream once its obligations are applied.
 *
 * @param route the resolution routed to a deployment the policy allows
 * @param edits rewrites of the body's bytes: the output-token limit lowered or added, a
 *     stream asked for its usage
 * @param upstreamHeaders headers added to the upstream call
 * @param admission the rate limits the call was counted against
 * @param dropUsageEvent whether the stream's usage-only event, which the gateway asked for
 *     to count tokens though the client did not, is kept from the client
 * @param applied what was applied, one entry per obligation the decision carried, for the
 *     gateway's log and its enforcement log
 */
public record CallPlan(ModelResolution route, List<ForwardedBody.Edit> edits, Map<String, String> upstreamHeaders,
        RateLimiter.Admission admission, boolean dropUsageEvent, List<Applied> applied) {

    public CallPlan {
        Objects.requireNonNull(route, "route");
        edits = List.copyOf(edits);
        upstreamHeaders = Map.copyOf(upstreamHeaders);
        Objects.requireNonNull(admission, "admission");
        applied = List.copyOf(applied);
    }

    /** What was applied, one line per obligation, for the gateway's log. */
    public List<String> summary() {
        return applied.stream().map(Applied::summary).toList();
    }

    /** A call without obligations: as resolved, unchanged, uncounted. */
    public static CallPlan plain(ModelResolution model) {
        return new CallPlan(model, List.of(), Map.of(), RateLimiter.Admission.NONE, false, List.of());
    }
}
