package io.llmgw.gateway.testing;

import io.llmgw.gateway.config.HttpConfig;
import io.llmgw.gateway.http.Gateway;
import io.llmgw.gateway.upstream.MockProvider;

/**
 * What the Responses and Messages route tests run on: a fake authz-service, the mock, a
 * {@link TypedUpstream} over loopback HTTP and a gateway whose catalog has models on both.
 *
 * @param authz the fake authz-service
 * @param mock the built-in mock
 * @param upstream the typed-stream upstream; stop it after the tests
 * @param gateway the gateway over all three
 */
public record TypedRoutes(FakeAuthz authz, MockProvider mock, TypedUpstream upstream, Gateway gateway) {

    /** A fresh set, its upstream started. */
    public static TypedRoutes start() {
        var authz = new FakeAuthz();
        var mock = new MockProvider();
        var upstream = new TypedUpstream();
        return new TypedRoutes(authz, mock, upstream, TestGateway.create(upstream.catalog(), authz, mock,
                HttpConfig.defaults()));
    }
}
