package io.llmgw.gateway.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The catalog's retry and fallback settings, LiteLLM's {@code router_settings} (or
 * {@code litellm_settings}) {@code num_retries}, {@code fallbacks} and
 * {@code context_window_fallbacks}. Fallbacks are model names, each tried as a call of its own
 * (resolved, checked, only then sent), in the order written, one level deep: a fallback's own
 * fallbacks are not followed.
 *
 * @param numRetries retries of a failed call for deployments without {@code max_retries};
 *     empty means the gateway's default ({@code gateway.upstream.retries})
 * @param onFailure names tried, by the name they stand in for, when its calls failed
 * @param onContextWindow names tried when the upstream said the request is too long for the model
 */
public record Fallbacks(OptionalInt numRetries, Map<String, List<String>> onFailure,
        Map<String, List<String>> onContextWindow) {

    /** No retries beyond the gateway's default, no fallbacks. */
    public static final Fallbacks NONE = new Fallbacks(OptionalInt.empty(), Map.of(), Map.of());

    public Fallbacks {
        Objects.requireNonNull(numRetries, "numRetries");
        onFailure = copy(onFailure);
        onContextWindow = copy(onContextWindow);
    }

    /** Why a fallback is looked for. */
    public enum Trigger {
        /** The calls failed: unreachable, timed out, rate limited, 5xx, credentials refused, not callable. */
        FAILURE,
        /** The upstream refused the request as longer than the model's context window. */
        CONTEXT_WINDOW
    }

    List<String> forName(String name, Trigger trigger) {
        return (trigger == Trigger.FAILURE ? onFailure : onContextWindow).getOrDefault(name, List.of());
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> map) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        map.forEach((name, targets) -> copy.put(name, List.copyOf(targets)));
        return java.util.Collections.unmodifiableMap(copy);
    }
}
