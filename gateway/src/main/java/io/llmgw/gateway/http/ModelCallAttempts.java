package io.llmgw.gateway.http;

import io.helidon.webserver.http.ServerRequest;
import io.llmgw.gateway.authz.AccessDecision;
import io.llmgw.gateway.authz.AuthzUnavailableException;
import io.llmgw.gateway.authz.ObligationNotUnderstoodException;
import io.llmgw.gateway.authz.Operation;
import io.llmgw.gateway.keys.Principal;
import io.llmgw.gateway.models.Fallbacks;
import io.llmgw.gateway.models.ModelResolution;
import io.llmgw.gateway.upstream.UpstreamException;
import io.llmgw.gateway.upstream.UpstreamReply;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The upstream calls one request may make: the deployment its model resolves to; again after a
 * failure another try may cure (no connection, 429, 5xx), up to the retry count and as
 * {@link io.llmgw.gateway.upstream.RetryPolicy} waits, each retry resolving the name afresh so
 * a group's next deployment takes its turn; then the catalog's
 * fallbacks in order ({@code context_window_fallbacks} when the upstream said the request is too
 * long, else {@code fallbacks}). Every deployment is checked by the policy before its first
 * call: the policy sees the deployment actually called, a denied fallback is skipped and never
 * called, and when no decision can be had nothing more is called. A request that needed more
 * than one try logs one line naming each try with the decision id that allowed or denied it.
 */
final class ModelCallAttempts {

    /**
     * Sends the call for {@code model}: its chosen deployment, its resolved upstream name, under
     * the obligations of {@code allowed}, the decision that allowed that deployment.
     */
    interface Sender {
        UpstreamReply send(ModelResolution model, AccessDecision.Allowed allowed);
    }

    /**
     * The answer to relay, success or the failure the client is told about.
     *
     * @param model the model that gave it (a fallback's, when one answered)
     * @param reply its answer
     */
    record Outcome(ModelResolution model, UpstreamReply reply) {}

    private final Gateway gateway;
    private final ModelAccess access;

    ModelCallAttempts(Gateway gateway) {
        this.gateway = gateway;
        this.access = new ModelAccess(gateway);
    }

    /**
     * Resolves and checks {@code requested}, calls it, then its retries and fallbacks as needed.
     *
     * @return the answer to relay
     * @throws ApiException the policy's deny of {@code requested}, or 404 for an unknown name
     * @throws UpstreamException when the last word is a failure without an answer
     * @throws AuthzUnavailableException when no decision could be had for {@code requested}
     */
    Outcome run(Principal principal, String requested, Operation operation, ServerRequest req, Sender sender) {
        // An unknown name is checked too: a key that may not use it is answered as for a known one.
        ModelResolution model = gateway.models().resolve(requested).orElseGet(() -> ModelResolution.unknown(requested));
        AccessDecision.Allowed allowed = access.require(principal, model, operation, req);
        var tries = new TryLog(RequestMeta.of(req).id(), principal.keyId(), requested);
        Tried first = callWithRetries(model, allowed, principal, operation, req, sender, tries);
        Tried last = first;
        if (first.verdict().fallbackTrigger().isPresent()) {
            for (String name : gateway.models().fallbacks(requested, first.verdict().fallbackTrigger().get())) {
                Optional<Tried> fallback = fallback(name, principal, operation, req, sender, tries);
                if (fallback.isEmpty()) {
                    break;
                }
                if (fallback.get().verdict() != TryVerdict.DENIED) {
                    last = fallback.get();
                    if (last.verdict() == TryVerdict.OK) {
                        break;
                    }
                }
            }
        }
        tries.log(last.verdict() == TryVerdict.OK ? last.model().requested() : null);
        // Failed everywhere: the client hears of its own model's failure, not of a fallback it never named.
        Tried answer = last.verdict() == TryVerdict.OK ? last : first;
        if (answer.failure() != null) {
            throw answer.failure();
        }
        return new Outcome(answer.model(), answer.reply());
    }

    /** One fallback: checked, then called with its retries; empty when no decision could be had. */
    private Optional<Tried> fallback(String name, Principal principal, Operation operation, ServerRequest req,
            Sender sender, TryLog tries) {
        Optional<ModelResolution> resolved = gateway.models().resolve(name);
        if (resolved.isEmpty()) {
            return Optional.of(new Tried(ModelResolution.unknown(name), null, null, TryVerdict.DENIED));
        }
        ModelResolution model = resolved.get();
        Optional<AccessDecision> decision = decide(principal, model, operation, req, tries);
        if (decision.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (decision.get()) {
            case AccessDecision.Denied denied -> {
                gateway.metrics().extraTry("fallback_denied");
                tries.add(model, denied.decisionId(), "denied " + denied.code());
                yield new Tried(model, null, null, TryVerdict.DENIED);
            }
            case AccessDecision.Allowed allowed -> {
                gateway.metrics().extraTry("fallback");
                yield callWithRetries(model, allowed, principal, operation, req, sender, tries);
            }
        });
    }

    private Tried callWithRetries(ModelResolution first, AccessDecision.Allowed allowed, Principal principal,
            Operation operation, ServerRequest req, Sender sender, TryLog tries) {
        int retries = first.deployment().maxRetries()
                .orElse(gateway.models().numRetries().orElse(gateway.providers().retries().retries()));
        ModelResolution model = first;
        // Each deployment tried is called under the obligations of the decision that allowed it.
        Map<String, AccessDecision.Allowed> allowedDeployments = new HashMap<>();
        allowedDeployments.put(model.deployment().id(), allowed);
        for (int retry = 0; ; retry++) {
            AccessDecision.Allowed current = allowedDeployments.get(model.deployment().id());
            Tried tried = call(model, current, sender);
            tries.add(model, current.decisionId(), tried.describe());
            if (tried.verdict() != TryVerdict.RETRY || retry >= retries || !pause(retry + 1, tried)) {
                return tried.verdict() == TryVerdict.RETRY ? tried.as(TryVerdict.FALLBACK) : tried;
            }
            gateway.metrics().extraTry("retry");
            ModelResolution next = gateway.models().resolve(first.requested()).orElse(model);
            if (!allowedDeployments.containsKey(next.deployment().id())) {
                // Another deployment of the group took its turn: the policy is asked about it first.
                Optional<AccessDecision> decision = decide(principal, next, operation, req, tries);
                if (decision.isEmpty()) {
                    return tried.as(TryVerdict.FINAL);
                }
                if (decision.get() instanceof AccessDecision.Denied denied) {
                    tries.add(next, denied.decisionId(), "denied " + denied.code());
                    next = model;
                } else if (decision.get() instanceof AccessDecision.Allowed nextAllowed) {
                    allowedDeployments.put(next.deployment().id(), nextAllowed);
                }
            }
            model = next;
        }
    }

    /** The policy's answer for a try after the first; empty, and nothing more called, when none came. */
    private Optional<AccessDecision> decide(Principal principal, ModelResolution model, Operation operation,
            ServerRequest req, TryLog tries) {
        try {
            return Optional.of(access.decide(principal, model, operation, req));
        } catch (ObligationNotUnderstoodException e) {
            // No usable decision either (counted and logged by ModelAccess): nothing more is called.
            tries.add(model, e.decisionId(), ObligationNotUnderstoodException.CODE);
            return Optional.empty();
        } catch (AuthzUnavailableException e) {
            // Fail closed: without an answer nothing more is called.
            gateway.metrics().authzUnavailable();
            tries.add(model, "-", "authz_unavailable");
            return Optional.empty();
        }
    }

    private static Tried call(ModelResolution model, AccessDecision.Allowed allowed, Sender sender) {
        try {
            UpstreamReply reply = sender.send(model, allowed);
            return new Tried(model, reply, null, TryVerdict.of(reply));
        } catch (UpstreamException e) {
            return new Tried(model, null, e, TryVerdict.of(e));
        }
    }

    /** Waits before a retry; false when there is to be none (a long Retry-After, an interrupt). */
    private boolean pause(int retry, Tried failed) {
        Optional<String> retryAfter = failed.reply() instanceof UpstreamReply.Complete c ? c.retryAfter()
                : Optional.empty();
        Optional<Duration> wait = gateway.providers().retries().waitBefore(retry, retryAfter, Instant.now());
        if (wait.isEmpty()) {
            return false;
        }
        try {
            Thread.sleep(wait.get());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One call and how it ended: a reply (success or error status), or a failure without one. */
    private record Tried(ModelResolution model, UpstreamReply reply, UpstreamException failure, TryVerdict verdict) {

        Tried as(TryVerdict other) {
            return new Tried(model, reply, failure, other);
        }

        String describe() {
            if (failure != null) {
                return failure.kind().name().toLowerCase(java.util.Locale.ROOT);
            }
            return reply instanceof UpstreamReply.Complete c ? Integer.toString(c.status()) : "stream";
        }
    }
}
