package io.llmgw.gateway.upstream;

import io.llmgw.gateway.models.Deployment;
import io.llmgw.gateway.models.UpstreamApi;
import java.time.Duration;
import java.util.Objects;

/**
 * Picks the provider for a deployment, the timeout of a call to it and how a failed call is retried.
 *
 * @param mock the built-in mock, shared by every {@code mock/...} deployment
 * @param openAiCompatible the client of every other deployment
 * @param defaultTimeout timeout of deployments that set none
 * @param retries how failed calls are tried again
 */
public record Providers(MockProvider mock, OpenAiCompatibleProvider openAiCompatible, Duration defaultTimeout,
        RetryPolicy retries) {

    public Providers {
        Objects.requireNonNull(mock, "mock");
        Objects.requireNonNull(openAiCompatible, "openAiCompatible");
        Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        Objects.requireNonNull(retries, "retries");
    }

    /** Providers with the default retries. */
    public Providers(MockProvider mock, OpenAiCompatibleProvider openAiCompatible, Duration defaultTimeout) {
        this(mock, openAiCompatible, defaultTimeout, RetryPolicy.DEFAULT);
    }

    /**
     * The provider that serves {@code deployment}.
     *
     * @throws UpstreamException of kind {@link UpstreamException.Kind#UNSUPPORTED} for a
     *     deployment the gateway cannot call
     */
    public Provider forDeployment(Deployment deployment) {
        return switch (deployment.api()) {
            case UpstreamApi.Mock mock -> this.mock;
            case UpstreamApi.OpenAi openAi -> openAiCompatible;
            case UpstreamApi.Azure azure -> openAiCompatible;
            case UpstreamApi.Anthropic anthropic -> openAiCompatible;
            case UpstreamApi.Unsupported unsupported ->
                    throw new UpstreamException(UpstreamException.Kind.UNSUPPORTED, unsupported.reason(), null);
        };
    }

    /** The timeout of a call to {@code deployment}. */
    public Duration timeout(Deployment deployment) {
        return deployment.timeout().orElse(defaultTimeout);
    }
}
