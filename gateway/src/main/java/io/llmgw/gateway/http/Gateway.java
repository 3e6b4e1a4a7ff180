package io.llmgw.gateway.http;

import io.llmgw.gateway.audit.EnforcementLog;
import io.llmgw.gateway.authz.AuthzClient;
import io.llmgw.gateway.config.AdmissionConfig;
import io.llmgw.gateway.config.HttpConfig;
import io.llmgw.gateway.config.PolicyConfig;
import io.llmgw.gateway.keys.KeyLookup;
import io.llmgw.gateway.limits.InMemoryLimitStore;
import io.llmgw.gateway.limits.RateLimiter;
import io.llmgw.gateway.models.ModelCatalog;
import io.llmgw.gateway.obligations.ObligationEnforcer;
import io.llmgw.gateway.upstream.Providers;
import java.time.Clock;
import java.util.Objects;

/**
 * What the routes work with; production and tests build the same routes from one of these.
 *
 * @param keys the key registry (the live one of the watched key file, in production)
 * @param models the model catalog
 * @param authz the access-check client
 * @param providers the upstreams
 * @param http limits of the API
 * @param admission how much work is taken on at once
 * @param metrics the gateway's meters
 * @param policy what the policy sees of a request and may add upstream
 * @param obligations the enforcement of the obligations of an allow
 * @param enforcementLog where what was applied to each allowed call is recorded
 */
public record Gateway(KeyLookup keys, ModelCatalog models, AuthzClient authz, Providers providers, HttpConfig http,
        AdmissionConfig admission, GatewayMetrics metrics, PolicyConfig policy, ObligationEnforcer obligations,
        EnforcementLog enforcementLog) {

    public Gateway {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(authz, "authz");
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(obligations, "obligations");
        Objects.requireNonNull(enforcementLog, "enforcementLog");
    }

    /** This gateway, recording what it applies in {@code log}. */
    public Gateway withEnforcementLog(EnforcementLog log) {
        return new Gateway(keys, models, authz, providers, http, admission, metrics, policy, obligations, log);
    }

    /** A gateway that records nothing of what it applied. */
    public Gateway(KeyLookup keys, ModelCatalog models, AuthzClient authz, Providers providers, HttpConfig http,
            AdmissionConfig admission, GatewayMetrics metrics, PolicyConfig policy, ObligationEnforcer obligations) {
        this(keys, models, authz, providers, http, admission, metrics, policy, obligations, EnforcementLog.none());
    }

    /**
     * A gateway that shows the policy no client headers, lets it add no upstream headers and
     * counts rate limits in memory.
     */
    public Gateway(KeyLookup keys, ModelCatalog models, AuthzClient authz, Providers providers, HttpConfig http,
            AdmissionConfig admission, GatewayMetrics metrics) {
        this(keys, models, authz, providers, http, admission, metrics, PolicyConfig.none(),
                enforcer(PolicyConfig.none()));
    }

    /**
     * The enforcement {@code policy} allows, with rate limits counted in this process's memory
     * (each gateway instance counts alone; a fleet shares a {@link io.llmgw.gateway.limits.LimitStore}).
     */
    public static ObligationEnforcer enforcer(PolicyConfig policy) {
        return new ObligationEnforcer(policy.upstreamHeaders(),
                new RateLimiter(new InMemoryLimitStore(), Clock.systemUTC()));
    }
}
