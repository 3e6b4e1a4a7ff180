package io.llmgw.gateway.models;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One upstream that can serve a catalog name: a {@code model_list} entry of the catalog.
 *
 * @param id deployment id ({@code model_info.id}, or derived from the name and position)
 * @param provider provider, such as {@code openai} or {@code mock}
 * @param model upstream model name without the provider prefix (for Azure: the deployment
 *     name); holds one {@code *} when the entry is a wildcard that passes the matched part through
 * @param api how it is called; {@link UpstreamApi.Unsupported} when the gateway cannot
 * @param apiBase base URL of the upstream API; empty for the built-in mock and unsupported ones
 * @param apiKey credential sent to the upstream
 * @param accessGroups access groups ({@code model_info.access_groups})
 * @param tags catalog tags ({@code model_info.tags} and {@code litellm_params.tags})
 * @param timeout per-deployment upstream timeout; empty means the gateway default
 * @param mockResponse fixed text the mock answers with; empty means its default text
 * @param maxRetries retries of a failed call ({@code litellm_params.max_retries}); empty means
 *     the catalog's {@code num_retries}
 */
public record Deployment(String id, String provider, String model, UpstreamApi api, Optional<URI> apiBase,
        Secret apiKey, List<String> accessGroups, List<String> tags, Optional<Duration> timeout,
        Optional<String> mockResponse, OptionalInt maxRetries) {

    /** The provider name of the built-in mock. */
    public static final String MOCK = "mock";

    /**
     * No deployment: what a name the catalog does not know resolves to when the policy is
     * asked about it anyway (see {@link ModelResolution#unknown}). Never called.
     */
    public static final Deployment NONE = new Deployment("", "", "", new UpstreamApi.Unsupported("unknown model"),
            Optional.empty(), Secret.NONE, List.of(), List.of(), Optional.empty(), Optional.empty(), OptionalInt.empty());

    public Deployment {
        boolean none = "".equals(id) && "".equals(provider) && "".equals(model);
        if (!none) {
            requireText(id, "id");
            requireText(provider, "provider");
            requireText(model, "model");
        }
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(apiBase, "apiBase");
        Objects.requireNonNull(apiKey, "apiKey");
        accessGroups = List.copyOf(accessGroups);
        tags = List.copyOf(tags);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(mockResponse, "mockResponse");
        Objects.requireNonNull(maxRetries, "maxRetries");
        boolean remote = !(api instanceof UpstreamApi.Mock) && api.callable();
        if (remote && apiBase.isEmpty()) {
            throw new IllegalArgumentException("deployment " + id + ": provider " + provider + " needs an api_base");
        }
        if (maxRetries.isPresent() && maxRetries.getAsInt() < 0) {
            throw new IllegalArgumentException("deployment " + id + ": max_retries must not be negative");
        }
    }

    /**
     * A deployment of the built-in mock ({@code provider} {@code mock}) or of an
     * OpenAI-compatible upstream at {@code apiBase}, retried as the catalog says.
     */
    public Deployment(String id, String provider, String model, Optional<URI> apiBase, Secret apiKey,
            List<String> accessGroups, List<String> tags, Optional<Duration> timeout, Optional<String> mockResponse) {
        this(id, provider, model, MOCK.equals(provider) ? new UpstreamApi.Mock() : new UpstreamApi.OpenAi(), apiBase,
                apiKey, accessGroups, tags, timeout, mockResponse, OptionalInt.empty());
    }

    /** Whether the built-in mock serves this deployment. */
    public boolean isMock() {
        return api instanceof UpstreamApi.Mock;
    }

    /** Whether the gateway can call this deployment. */
    public boolean callable() {
        return api.callable();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("deployment " + name + " must not be blank");
        }
    }
}
