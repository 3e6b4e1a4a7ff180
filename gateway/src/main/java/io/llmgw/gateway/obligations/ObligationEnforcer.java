package io.llmgw.gateway.obligations;

import io.llmgw.gateway.authz.CallConditions;
import io.llmgw.gateway.limits.RateLimiter;
import io.llmgw.gateway.models.Candidate;
import io.llmgw.gateway.models.ModelResolution;
import io.llmgw.gateway.upstream.BodyLayout;
import io.llmgw.gateway.upstream.Endpoint;
import io.llmgw.gateway.upstream.ForwardedBody;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns the obligations of an allow into a {@link CallPlan}, or refuses the call. Every
 * obligation is checked before anything is counted, so a refused call uses no rate-limit
 * budget:
 * <ol>
 *   <li>{@code deployments}: only the named candidates may be used; the chosen deployment is
 *       kept when it is one of them, else the call goes to an allowed one picked by the same
 *       round-robin turn. Naming none of the candidates refuses the call.</li>
 *   <li>{@code max_output_tokens}: each limit field the client set becomes the smaller of its
 *       value and the cap; when it set none, the endpoint's own field is added with the cap.
 *       Embeddings have no output and need no cap.</li>
 *   <li>{@code upstream_headers}: only names in {@code gateway.policy.upstream-headers}.</li>
 *   <li>{@code rate_limits}: counted last; a limit without room refuses with 429.</li>
 * </ol>
 * The body is changed by {@link ForwardedBody.Edit}s of single values, never rebuilt.
 */
public final class ObligationEnforcer {

    private final Set<String> allowedUpstreamHeaders;
    private final RateLimiter limiter;

    /**
     * @param allowedUpstreamHeaders lower-case header names a policy may add upstream
     * @param limiter the rate limiter
     */
    public ObligationEnforcer(Set<String> allowedUpstreamHeaders, RateLimiter limiter) {
        this.allowedUpstreamHeaders = Set.copyOf(allowedUpstreamHeaders);
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    /**
     * The plan for {@code model} called on {@code endpoint} with a body laid out as
     * {@code layout}, under {@code conditions}.
     *
     * @throws ObligationRefusedException when an obligation cannot be honoured
     * @throws io.llmgw.gateway.limits.RateLimitedException when a rate limit has no room
     */
    public CallPlan plan(ModelResolution model, Endpoint endpoint, BodyLayout layout, boolean stream,
            CallConditions conditions) {
        List<Applied> applied = new ArrayList<>();
        ModelResolution route = route(model, conditions, applied);
        List<ForwardedBody.Edit> edits = new ArrayList<>();
        StringBuilder inserted = new StringBuilder();
        conditions.maxOutputTokens().ifPresent(cap -> applied.add(cap(cap, endpoint, layout, edits, inserted)));
        Map<String, String> headers = headers(conditions.upstreamHeaders());
        if (!headers.isEmpty()) {
            applied.add(new Applied.UpstreamHeaders(List.copyOf(headers.keySet())));
        }
        RateLimiter.Admission admission = limiter.admit(conditions.rateLimits());
        Optional<BodyLayout.StreamOptions> options = layout.streamOptions();
        boolean askUsage = stream && usageOnRequest(endpoint) && admission.countsTokens()
                && !options.map(BodyLayout.StreamOptions::includesUsage).orElse(false);
        if (!conditions.rateLimits().isEmpty()) {
            applied.add(new Applied.RateLimits(admission.counts(), askUsage));
        }
        if (askUsage) {
            if (options.isPresent()) {
                var rewritten = options.get().value().deepCopy().put("include_usage", true);
                edits.add(new ForwardedBody.Edit(options.get().start(), options.get().end(), rewritten.toString()));
            } else {
                inserted.append("\"stream_options\":{\"include_usage\":true},");
            }
        }
        if (!inserted.isEmpty()) {
            edits.add(new ForwardedBody.Edit(layout.objectStart() + 1, layout.objectStart() + 1, inserted.toString()));
        }
        return new CallPlan(route, edits, headers, admission, askUsage, applied);
    }

    /**
     * The field an endpoint's output-token limit is written in when the client set none;
     * empty for an endpoint without generated output.
     */
    static Optional<String> outputLimitField(Endpoint endpoint) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> Optional.of("max_completion_tokens");
            case COMPLETIONS, MESSAGES -> Optional.of("max_tokens");
            case RESPONSES -> Optional.of("max_output_tokens");
            case EMBEDDINGS, MESSAGES_COUNT_TOKENS -> Optional.empty();
        };
    }

    /**
     * Whether a stream of {@code endpoint} reports its usage only when asked
     * ({@code stream_options.include_usage}): OpenAI's chat and completions. The Responses and
     * Messages streams always report it.
     */
    static boolean usageOnRequest(Endpoint endpoint) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS, COMPLETIONS -> true;
            case EMBEDDINGS, RESPONSES, MESSAGES, MESSAGES_COUNT_TOKENS -> false;
        };
    }

    private static Applied.OutputCap cap(long cap, Endpoint endpoint, BodyLayout layout,
            List<ForwardedBody.Edit> edits, StringBuilder inserted) {
        Optional<String> own = outputLimitField(endpoint);
        if (own.isEmpty()) {
            return new Applied.OutputCap(cap, List.of(), Optional.empty());
        }
        if (layout.outputLimits().isEmpty()) {
            inserted.append('"').append(own.get()).append("\":").append(cap).append(',');
            return new Applied.OutputCap(cap, List.of(), own);
        }
        List<Applied.LimitField> fields = new ArrayList<>();
        for (BodyLayout.Field field : layout.outputLimits()) {
            OptionalLong asked = field.value();
            long sent = asked.isPresent() ? Math.min(asked.getAsLong(), cap) : cap;
            if (asked.isEmpty() || asked.getAsLong() > cap) {
                edits.add(new ForwardedBody.Edit(field.start(), field.end(), Long.toString(cap)));
            }
            fields.add(new Applied.LimitField(field.name(), asked, sent));
        }
        return new Applied.OutputCap(cap, fields, Optional.empty());
    }

    private static ModelResolution route(ModelResolution model, CallConditions conditions, List<Applied> applied) {
        if (conditions.deployments().isEmpty()) {
            return model;
        }
        Set<String> allowed = Set.copyOf(conditions.deployments().get());
        List<Candidate> usable = model.candidates().stream().filter(c -> allowed.contains(c.deployment().id())).toList();
        if (usable.isEmpty()) {
            throw new ObligationRefusedException("obligations.deployments",
                    "names none of the deployments of " + model.requested());
        }
        List<String> ids = usable.stream().map(c -> c.deployment().id()).toList();
        if (allowed.contains(model.deployment().id())) {
            applied.add(new Applied.Deployments(ids, model.candidates().size(), model.deployment().id(),
                    Optional.empty()));
            return model;
        }
        int turn = Math.max(0, model.candidates().stream().map(c -> c.deployment().id()).toList()
                .indexOf(model.deployment().id()));
        ModelResolution routed = model.routedTo(usable.get(turn % usable.size()));
        applied.add(new Applied.Deployments(ids, model.candidates().size(), routed.deployment().id(),
                Optional.of(model.deployment().id())));
        return routed;
    }

    private Map<String, String> headers(Map<String, String> asked) {
        Map<String, String> headers = new LinkedHashMap<>();
        asked.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!allowedUpstreamHeaders.contains(lower)) {
                throw new ObligationRefusedException("obligations.upstream_headers." + name,
                        "not in gateway.policy.upstream-headers " + allowedUpstreamHeaders.stream().sorted().toList());
            }
            if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new ObligationRefusedException("obligations.upstream_headers." + name,
                        "the value holds control characters");
            }
            headers.put(lower, value);
        });
        return headers;
    }
}
