package io.llmgw.authz.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgw.authz.policy.BundleException;
import io.llmgw.authz.policy.BundleListener;
import io.llmgw.authz.policy.DecisionChange;
import io.llmgw.authz.policy.Evaluation;
import io.llmgw.authz.policy.PolicyDecision;
import io.llmgw.authz.policy.ShadowPolicyEngine;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.logging.Logger;

/**
 * What shadow evaluation reports: comparisons by result ({@code agree} or the
 * {@linkplain DecisionChange kind of disagreement}, or {@code skipped}), dropped samples, the
 * candidate's revision and rejections; and one log line per disagreement with both results
 * and both revisions. The line names the request, key, team and model rather than holding
 * the whole input, so the decision log's masking is not bypassed.
 */
public final class ShadowObserver implements ShadowPolicyEngine.Observer, BundleListener {

    private static final Logger LOG = Logger.getLogger(ShadowObserver.class.getName());

    private final Counter checks;
    private final Counter dropped;
    private final Info candidate;
    private final Counter rejected;

    /** Registers the shadow metrics in {@code registry}. */
    public ShadowObserver(PrometheusRegistry registry) {
        checks = Counter.builder().name("llmgw_authz_shadow_checks_total")
                .help("Checks decided again by the shadow candidate, by result: agree, a kind of disagreement"
                        + " (allow->deny, deny->allow, reasons-changed, obligations-changed, details-changed), or skipped")
                .labelNames("result").register(registry);
        dropped = Counter.builder().name("llmgw_authz_shadow_dropped_total")
                .help("Shadow samples dropped because the shadow queue was full").register(registry);
        candidate = Info.builder().name("llmgw_authz_shadow_bundle")
                .help("Revision of the shadow candidate bundle").labelNames("revision").register(registry);
        rejected = Counter.builder().name("llmgw_authz_shadow_bundle_rejected_total")
                .help("Shadow candidate bundles rejected as " + BundleException.CODE).register(registry);
        for (String result : new String[] {"agree", "skipped"}) {
            checks.labelValues(result);
        }
        for (DecisionChange change : DecisionChange.values()) {
            checks.labelValues(change.label());
        }
    }

    @Override
    public void agreed() {
        checks.labelValues("agree").inc();
    }

    @Override
    public void disagreed(DecisionChange change, JsonNode input, Evaluation live, Evaluation other) {
        checks.labelValues(change.label()).inc();
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("shadow_disagreement", change.label());
        line.put("request_id", input.path("request").path("request_id").asText(""));
        line.put("key_id", input.path("principal").path("key_id").asText(""));
        line.put("team_id", input.path("principal").path("team_id").asText(""));
        line.put("model", input.path("model").path("requested").asText(""));
        line.set("live", decision(live));
        line.set("candidate", decision(other));
        LOG.warning(line::toString);
    }

    private static ObjectNode decision(Evaluation evaluation) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("revision", evaluation.revision());
        d.put("allow", evaluation.decision() instanceof PolicyDecision.Allow);
        var reasons = d.putArray("reasons");
        evaluation.decision().reasons().forEach(r -> reasons.addObject().put("code", r.code()).put("message", r.message()));
        return d;
    }

    @Override
    public void skipped(String why) {
        checks.labelValues("skipped").inc();
    }

    @Override
    public void dropped() {
        dropped.inc();
    }

    @Override
    public void loaded(String revision) {
        candidate.setLabelValues(revision);
        LOG.info(() -> "shadow candidate revision " + revision + " is loaded beside the live bundle");
    }

    @Override
    public void rejected(String reason) {
        rejected.inc();
    }
}
