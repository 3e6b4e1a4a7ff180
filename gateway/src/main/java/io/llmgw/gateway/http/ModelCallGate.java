package io.llmgw.gateway.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmgw.gateway.audit.EnforcementRecord;
import io.llmgw.gateway.authz.AccessDecision;
import io.llmgw.gateway.authz.Operation;
import io.llmgw.gateway.keys.Principal;
import io.llmgw.gateway.limits.RateLimitedException;
import io.llmgw.gateway.logging.LogText;
import io.llmgw.gateway.models.ModelResolution;
import io.llmgw.gateway.obligations.Applied;
import io.llmgw.gateway.obligations.CallPlan;
import io.llmgw.gateway.obligations.ObligationRefusedException;
import io.llmgw.gateway.upstream.UpstreamCall;
import io.llmgw.gateway.upstream.UpstreamReply;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The one code path of every request that can reach an upstream, whatever its client API:
 * a place in flight, the key (in the headers the route's API uses), the body read within its
 * limits, the model from the route's one place for it, then through {@link ModelCallAttempts}
 * resolution (choosing the deployment) and the access check of each deployment before it is
 * called (the policy told the call's normalized parameters and allow-listed headers), retries
 * and fallbacks, each call with the resolved model name and the obligations of its allow
 * applied ({@code io.llmgw.gateway.obligations}) and recorded in the enforcement log
 * ({@code io.llmgw.gateway.audit}); then the answer in the route's shape. The client sees the name it asked for (or the fallback's that answered). Any
 * failure to get a decision ends in 503 through {@link ErrorMapper}: nothing here forwards
 * without an allow, and the model checked is the model called.
 *
 * <p>Routes are registered with {@link #handler}; the route test enumerates every registered
 * route and fails when one that reaches an upstream is served by anything else.
 */
final class ModelCallGate {

    private static final Logger LOG = Logger.getLogger(ModelCallGate.class.getName());

    private final Gateway gateway;
    private final Authenticator authenticator;
    private final Relay relay;
    private final ModelCallAttempts attempts;
    private final AdmissionControl admission;

    ModelCallGate(Gateway gateway, Authenticator authenticator, Relay relay, AdmissionControl admission) {
        this.gateway = gateway;
        this.authenticator = authenticator;
        this.relay = relay;
        this.admission = admission;
        this.attempts = new ModelCallAttempts(gateway);
    }

    /** The handler of {@code route}: the only kind of handler that may reach an upstream. */
    Gated handler(CallRoute route) {
        return new Gated(route);
    }

    /** A route served by the gate. */
    final class Gated implements Handler {

        private final CallRoute route;

        private Gated(CallRoute route) {
            this.route = route;
        }

        /** The route this handler serves. */
        CallRoute route() {
            return route;
        }

        @Override
        public void handle(ServerRequest req, ServerResponse res) {
            // From here on, errors of this request are written in the route's API shape.
            req.context().register(route.api());
            // A place in flight first, held until the answer (or the stream) ends; then the body,
            // within the memory all bodies together may hold.
            try (var place = admission.enter(res)) {
                Principal principal = authenticator.authenticate(req, route.api());
                try (var held = JsonBodies.read(req, res, gateway.http().maxBodyBytes(), admission)) {
                    call(req, res, principal, route.reader().read(req, held));
                }
            }
        }

        private void call(ServerRequest req, ServerResponse res, Principal principal, ModelCallBody body) {
            var operation = new Operation(route.operation(), req.prologue().method().text(), req.path().path(),
                    body.stream());
            Map<String, String> passed = passedHeaders(req);
            // Every check of this request (first try, retries, fallbacks) tells the policy its parameters.
            RequestMeta.describeCall(req, body.params(), gateway.policy().inputHeaders());
            Map<UpstreamReply, CallPlan> plans = new IdentityHashMap<>();
            AtomicInteger calls = new AtomicInteger();
            // Resolution, the check of each deployment before it is called, retries and fallbacks;
            // each call under the obligations of the decision that allowed its deployment.
            var outcome = attempts.run(principal, body.model(), operation, req, (model, allowed) -> {
                CallPlan plan = plan(model, body, allowed, req, principal, calls.incrementAndGet());
                ModelResolution target = plan.route();
                LOG.fine(() -> "calling request_id=" + RequestMeta.of(req).id() + " key_id=" + principal.keyId()
                        + " operation=" + route.operation() + " model=" + LogText.quote(target.requested())
                        + " resolved=" + LogText.quote(target.resolved()) + " deployment=" + target.deployment().id()
                        + " decision_id=" + allowed.decisionId() + (plan.applied().isEmpty() ? ""
                                : " applied=" + LogText.quote(String.join("; ", plan.summary()))));
                Map<String, String> headers = new LinkedHashMap<>(passed);
                headers.putAll(plan.upstreamHeaders());
                var call = new UpstreamCall(route.endpoint(), target.deployment(),
                        body.forwarded(target.resolved(), plan.edits()), body.stream(),
                        gateway.providers().timeout(target.deployment()), headers);
                UpstreamReply reply = gateway.providers().forDeployment(target.deployment()).send(call);
                plans.put(reply, plan);
                return reply;
            });
            CallPlan plan = plans.getOrDefault(outcome.reply(), CallPlan.plain(outcome.model()));
            plan.admission().headers().forEach(res::header);
            switch (outcome.reply()) {
                case UpstreamReply.Complete complete -> relay.complete(res, complete, outcome.model(), route.api(),
                        plan.admission());
                case UpstreamReply.Streaming streaming -> relay.stream(res, streaming.events(), outcome.model(), route,
                        plan.admission(), plan.dropUsageEvent());
            }
        }

        /**
         * The obligations applied, and recorded in the enforcement log under the decision's id;
         * one the gateway cannot honour, or a rate limit without room, refuses the call, and the
         * refusal is recorded instead.
         */
        private CallPlan plan(ModelResolution model, ModelCallBody body, AccessDecision.Allowed allowed,
                ServerRequest req, Principal principal, int call) {
            try {
                CallPlan plan = gateway.obligations().plan(model, route.endpoint(), body.layout(), body.stream(),
                        allowed.conditions());
                record(req, principal, allowed, call, plan.route(), Optional.empty(), plan.applied());
                return plan;
            } catch (ObligationRefusedException e) {
                record(req, principal, allowed, call, model,
                        Optional.of(new EnforcementRecord.Refusal(ObligationRefusedException.CODE, e.getMessage())),
                        List.of());
                LOG.warning(() -> ObligationRefusedException.CODE + " request_id=" + RequestMeta.of(req).id()
                        + " decision_id=" + allowed.decisionId() + " " + LogText.quote(e.getMessage()));
                throw new ApiException(OpenAiError.denied(403, ObligationRefusedException.CODE,
                        "The access policy returned obligations this gateway cannot honour: " + e.getMessage()));
            } catch (RateLimitedException e) {
                record(req, principal, allowed, call, model,
                        Optional.of(new EnforcementRecord.Refusal(e.code(), e.clientMessage())), List.of());
                throw e;
            }
        }

        private void record(ServerRequest req, Principal principal, AccessDecision.Allowed allowed, int call,
                ModelResolution model, Optional<EnforcementRecord.Refusal> refusal, List<Applied> applied) {
            gateway.enforcementLog().record(new EnforcementRecord(Instant.now(), allowed.decisionId(),
                    RequestMeta.of(req).id(), principal.keyId(), principal.teamId(), route.operation(), call,
                    new EnforcementRecord.Model(model.requested(), model.resolved(), model.deployment().id()),
                    refusal, applied));
        }

        private Map<String, String> passedHeaders(ServerRequest req) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : route.passedHeaders()) {
                req.headers().first(HeaderNames.create(name)).ifPresent(v -> headers.put(name, v));
            }
            return headers;
        }
    }
}
