package io.llmgw.gateway.http;

import io.helidon.webserver.http.HttpRouting;
import io.llmgw.gateway.authz.AuthzClient;
import io.llmgw.gateway.keys.KeyRegistry;
import io.llmgw.gateway.models.ModelCatalog;
import io.llmgw.gateway.upstream.MockProvider;

/** The gateway's HTTP routes; production and tests build routing through here. */
public final class GatewayRoutes {

    private GatewayRoutes() {}

    /** Registers the OpenAI-compatible endpoints on {@code routing}. */
    public static void register(HttpRouting.Builder routing, KeyRegistry keys, ModelCatalog models, AuthzClient authz,
            MockProvider upstream) {
        var chat = new ChatCompletionsHandler(keys, models, authz, upstream);
        routing.post("/v1/chat/completions", chat)
                .post("/chat/completions", chat);
    }
}
