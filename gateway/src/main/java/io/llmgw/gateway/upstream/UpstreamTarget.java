package io.llmgw.gateway.upstream;

import io.llmgw.gateway.models.Deployment;
import io.llmgw.gateway.models.UpstreamApi;
import java.net.URI;
import java.util.Optional;

/**
 * Where a call goes and how it carries the deployment's key, by the deployment's
 * {@link UpstreamApi}: OpenAI-compatible servers (and Anthropic's OpenAI layer) take
 * {@code {api_base}{path}} with a bearer token, Anthropic's Messages API the same URL with
 * {@code x-api-key}; Azure OpenAI takes the deployment in the URL,
 * {@code api-version} in the query and the key in {@code api-key}.
 *
 * @param uri the URL
 * @param authHeader the header that carries the key
 * @param authValue its value; empty when the deployment has no key
 */
record UpstreamTarget(URI uri, String authHeader, Optional<String> authValue) {

    static UpstreamTarget of(UpstreamCall call) {
        Deployment d = call.deployment();
        Optional<String> key = d.apiKey().isPresent() ? Optional.of(d.apiKey().value()) : Optional.empty();
        return switch (d.api()) {
            case UpstreamApi.OpenAi openAi -> bearer(d, call, key);
            // Anthropic's Messages API takes its key as x-api-key; its OpenAI layer a bearer token.
            case UpstreamApi.Anthropic anthropic -> call.endpoint().anthropic()
                    ? new UpstreamTarget(URI.create(base(d) + call.endpoint().path()), "x-api-key", key)
                    : bearer(d, call, key);
            case UpstreamApi.Azure azure -> {
                // A wildcard deployment's name comes from the request: it must be one path segment.
                if (!UpstreamApi.Azure.validDeployment(call.model())) {
                    throw new UpstreamException(UpstreamException.Kind.UNSUPPORTED,
                            "'" + call.model() + "' is not a name an Azure deployment can have", null);
                }
                URI uri = URI.create(base(d) + "/openai/deployments/" + call.model() + call.endpoint().path()
                        + "?api-version=" + azure.apiVersion());
                yield new UpstreamTarget(uri, "api-key", key);
            }
            case UpstreamApi.Mock mock -> throw new IllegalStateException("the mock is not called over HTTP");
            case UpstreamApi.Unsupported unsupported ->
                    throw new UpstreamException(UpstreamException.Kind.UNSUPPORTED, unsupported.reason(), null);
        };
    }

    private static UpstreamTarget bearer(Deployment d, UpstreamCall call, Optional<String> key) {
        return new UpstreamTarget(URI.create(base(d) + call.endpoint().path()), "Authorization", key.map(k -> "Bearer " + k));
    }

    private static URI base(Deployment d) {
        return d.apiBase().orElseThrow(() -> new IllegalStateException("deployment " + d.id() + " has no api_base"));
    }
}
