package io.llmgw.gateway.http;

import io.llmgw.gateway.authz.AuthzClient;
import io.llmgw.gateway.config.AdmissionConfig;
import io.llmgw.gateway.config.HttpConfig;
import io.llmgw.gateway.keys.KeyLookup;
import io.llmgw.gateway.models.ModelCatalog;
import io.llmgw.gateway.upstream.Providers;
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
 */
public record Gateway(KeyLookup keys, ModelCatalog models, AuthzClient authz, Providers providers, HttpConfig http,
        AdmissionConfig admission, GatewayMetrics metrics) {

    public Gateway {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(authz, "authz");
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(metrics, "metrics");
    }
}
