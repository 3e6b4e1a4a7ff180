package io.llmgw.gateway.models;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One upstream that can serve a catalog name: a {@code model_list} entry of the catalog.
 *
 * @param id deployment id ({@code model_info.id}, or derived from the name and position)
 * @param provider provider, such as {@code openai} or {@code mock}
 * @param model upstream model name without the provider prefix; holds one {@code *} when the
 *     entry is a wildcard that passes the matched part through
 * @param apiBase base URL of an OpenAI-compatible upstream; empty for the built-in mock
 * @param apiKey credential sent to the upstream
 * @param accessGroups access groups ({@code model_info.access_groups})
 * @param tags catalog tags ({@code model_info.tags})
 * @param timeout per-deployment upstream timeout; empty means the gateway default
 * @param mockResponse fixed text the mock answers with; empty means its default text
 */
public record Deployment(String id, String provider, String model, Optional<URI> apiBase, Secret apiKey,
        List<String> accessGroups, List<String> tags, Optional<Duration> timeout, Optional<String> mockResponse) {

    /** The provider name of the built-in mock. */
    public static final String MOCK = "mock";

    /**
     * No deployment: what a name the catalog does not know resolves to when the policy is
     * asked about it anyway (see {@link ModelResolution#unknown}). Never called.
     */
    public static final Deployment NONE = new Deployment("", "", "", Optional.empty(), Secret.NONE, List.of(),
            List.of(), Optional.empty(), Optional.empty());

    public Deployment {
        boolean none = "".equals(id) && "".equals(provider) && "".equals(model);
        if (!none) {
            requireText(id, "id");
            requireText(provider, "provider");
            requireText(model, "model");
        }
        Objects.requireNonNull(apiBase, "apiBase");
        Objects.requireNonNull(apiKey, "apiKey");
        accessGroups = List.copyOf(accessGroups);
        tags = List.copyOf(tags);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(mockResponse, "mockResponse");
        if (!none && !MOCK.equals(provider) && apiBase.isEmpty()) {
            throw new IllegalArgumentException("deployment " + id + ": provider " + provider + " needs an api_base");
        }
    }

    /** Whether the built-in mock serves this deployment. */
    public boolean isMock() {
        return MOCK.equals(provider);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("deployment " + name + " must not be blank");
        }
    }
}
