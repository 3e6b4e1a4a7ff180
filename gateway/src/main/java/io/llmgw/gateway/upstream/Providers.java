package io.llmgw.gateway.upstream;

import io.llmgw.gateway.models.Deployment;
import java.time.Duration;
import java.util.Objects;

/**
 * Picks the provider for a deployment and the timeout of a call to it.
 *
 * @param mock the built-in mock, shared by every {@code mock/...} deployment
 * @param openAiCompatible the client of every other deployment
 * @param defaultTimeout timeout of deployments that set none
 */
public record Providers(MockProvider mock, OpenAiCompatibleProvider openAiCompatible, Duration defaultTimeout) {

    public Providers {
        Objects.requireNonNull(mock, "mock");
        Objects.requireNonNull(openAiCompatible, "openAiCompatible");
        Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    }

    /** The provider that serves {@code deployment}. */
    public Provider forDeployment(Deployment deployment) {
        return deployment.isMock() ? mock : openAiCompatible;
    }

    /** The timeout of a call to {@code deployment}. */
    public Duration timeout(Deployment deployment) {
        return deployment.timeout().orElse(defaultTimeout);
    }
}
