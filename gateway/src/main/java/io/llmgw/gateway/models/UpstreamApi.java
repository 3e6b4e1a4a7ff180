package io.llmgw.gateway.models;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a deployment is called, decided once when the catalog loads from its provider prefix:
 * a closed set, so that every caller handles every way (and a deployment the gateway cannot
 * call is a value, not a failure at start-up).
 */
public sealed interface UpstreamApi {

    /** An OpenAI-compatible API under the deployment's base URL, with a bearer token. */
    record OpenAi() implements UpstreamApi {}

    /**
     * Azure OpenAI: the deployment name in the URL
     * ({@code {api_base}/openai/deployments/{deployment}/chat/completions}), the
     * {@code api-version} query parameter, the key in the {@code api-key} header.
     *
     * @param apiVersion the {@code api-version} sent ({@code litellm_params.api_version})
     */
    record Azure(String apiVersion) implements UpstreamApi {

        /** What a deployment name may hold: it goes into the URL as one path segment. */
        private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

        public Azure {
            Objects.requireNonNull(apiVersion, "apiVersion");
        }

        /** Whether {@code name} can be the deployment segment of an Azure URL. */
        public static boolean validDeployment(String name) {
            return DEPLOYMENT.matcher(name).matches();
        }
    }

    /**
     * Anthropic: its Messages API under the base URL (which ends in {@code /v1}), and its
     * OpenAI SDK compatibility layer for the OpenAI-shaped operations.
     */
    record Anthropic() implements UpstreamApi {}

    /** The built-in mock; never leaves the process. */
    record Mock() implements UpstreamApi {}

    /**
     * A deployment the gateway loads but cannot call, such as one that needs cloud request
     * signing: it is checked like any other, left out of listings, and a call answers 501.
     *
     * @param reason why, for the start-up log and the client's error
     */
    record Unsupported(String reason) implements UpstreamApi {
        public Unsupported {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Whether a call can be sent. */
    default boolean callable() {
        return !(this instanceof Unsupported);
    }
}
