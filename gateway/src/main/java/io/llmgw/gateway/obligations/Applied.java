package io.llmgw.gateway.obligations;

import io.llmgw.gateway.limits.RateLimiter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * One obligation of an allow as the gateway applied it to a call: what the enforcement log
 * records beside the decision that asked for it. Names and numbers only, never header values
 * or anything of the prompt.
 */
public sealed interface Applied permits Applied.Deployments, Applied.OutputCap, Applied.UpstreamHeaders,
        Applied.RateLimits {

    /** One line for the gateway's own log, such as {@code max_output_tokens=256 in max_tokens (asked 4000)}. */
    String summary();

    /**
     * {@code deployments}: the call was routed among the candidates the policy allowed.
     *
     * @param allowed ids of the candidates the policy allowed, in catalog order
     * @param candidates how many candidates the name has
     * @param chosen the deployment called
     * @param replaced the deployment the round robin had chosen when the policy did not allow
     *     it, so that {@code chosen} was called instead; empty when it was allowed
     */
    record Deployments(List<String> allowed, int candidates, String chosen, Optional<String> replaced)
            implements Applied {
        public Deployments {
            allowed = List.copyOf(allowed);
            Objects.requireNonNull(chosen, "chosen");
            Objects.requireNonNull(replaced, "replaced");
        }

        @Override
        public String summary() {
            return "deployments=" + allowed.size() + "/" + candidates;
        }
    }

    /**
     * {@code max_output_tokens}: the cap, and how the body's limit fields carry it.
     *
     * @param cap the policy's cap
     * @param fields each output-token limit the client set, as asked and as sent
     * @param added the endpoint's field written with the cap when the client set none; empty
     *     when it set one, or for an endpoint without output (embeddings), which needs no cap
     */
    record OutputCap(long cap, List<LimitField> fields, Optional<String> added) implements Applied {
        public OutputCap {
            fields = List.copyOf(fields);
            Objects.requireNonNull(added, "added");
        }

        @Override
        public String summary() {
            if (added.isPresent()) {
                return "max_output_tokens=" + cap + " added as " + added.get();
            }
            if (fields.isEmpty()) {
                return "max_output_tokens=" + cap + " (no output)";
            }
            return fields.stream().map(f -> "max_output_tokens=" + cap + " in " + f.name()
                    + (f.asked().isPresent() ? " (asked " + f.asked().getAsLong() + ")" : ""))
                    .collect(Collectors.joining("; "));
        }
    }

    /**
     * One output-token limit field of the body.
     *
     * @param name the field, such as {@code max_tokens}
     * @param asked what the client asked; empty for {@code null}
     * @param sent what the upstream was sent
     */
    record LimitField(String name, OptionalLong asked, long sent) {
        public LimitField {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(asked, "asked");
        }

        /** Whether the gateway changed the value the client sent. */
        public boolean lowered() {
            return asked.isEmpty() || asked.getAsLong() != sent;
        }
    }

    /**
     * {@code upstream_headers}: the headers added to the upstream call.
     *
     * @param names their lower-case names (values are the policy's, in the decision log)
     */
    record UpstreamHeaders(List<String> names) implements Applied {
        public UpstreamHeaders {
            names = List.copyOf(names);
        }

        @Override
        public String summary() {
            return "upstream_headers=" + String.join(",", names);
        }
    }

    /**
     * {@code rate_limits}: the buckets the call was counted against.
     *
     * @param buckets where each stood once the call was counted
     * @param usageRequested whether the gateway asked the upstream stream for its usage, which the
     *     client had not, to count tokens
     */
    record RateLimits(List<RateLimiter.Count> buckets, boolean usageRequested) implements Applied {
        public RateLimits {
            buckets = List.copyOf(buckets);
        }

        @Override
        public String summary() {
            return "rate_limits=" + buckets.stream().map(RateLimiter.Count::bucket).collect(Collectors.joining(","));
        }
    }
}
