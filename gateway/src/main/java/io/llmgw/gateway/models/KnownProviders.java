package io.llmgw.gateway.models;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the gateway knows of LiteLLM's provider prefixes ({@code groq/...}, {@code azure/...}):
 * how each is called and, for the OpenAI-compatible services with one public endpoint, the
 * {@code api_base} LiteLLM would use when the entry names none. A prefix not listed here is an
 * OpenAI-compatible server at the entry's {@code api_base} (vLLM, LM Studio, a company proxy);
 * without one there is nowhere to send it, and the deployment is unsupported.
 */
final class KnownProviders {

    /** The Azure OpenAI API version sent when an {@code azure/} entry names none (the latest GA one). */
    static final String AZURE_DEFAULT_API_VERSION = "2024-10-21";

    /** The public endpoints of OpenAI-compatible services, as LiteLLM defaults them. */
    private static final Map<String, String> OPENAI_COMPATIBLE = Map.ofEntries(
            Map.entry("openai", "https://api.openai.com/v1"),
            Map.entry("text-completion-openai", "https://api.openai.com/v1"),
            Map.entry("groq", "https://api.groq.com/openai/v1"),
            Map.entry("mistral", "https://api.mistral.ai/v1"),
            Map.entry("codestral", "https://codestral.mistral.ai/v1"),
            Map.entry("deepseek", "https://api.deepseek.com/beta"),
            Map.entry("together_ai", "https://api.together.xyz/v1"),
            Map.entry("fireworks_ai", "https://api.fireworks.ai/inference/v1"),
            Map.entry("openrouter", "https://openrouter.ai/api/v1"),
            Map.entry("xai", "https://api.x.ai/v1"),
            Map.entry("perplexity", "https://api.perplexity.ai"),
            Map.entry("deepinfra", "https://api.deepinfra.com/v1/openai"),
            Map.entry("cerebras", "https://api.cerebras.ai/v1"),
            Map.entry("sambanova", "https://api.sambanova.ai/v1"),
            Map.entry("nvidia_nim", "https://integrate.api.nvidia.com/v1"),
            Map.entry("github", "https://models.inference.ai.azure.com"),
            Map.entry("meta_llama", "https://api.llama.com/compat/v1"),
            Map.entry("friendliai", "https://api.friendli.ai/serverless/v1"),
            Map.entry("volcengine", "https://ark.cn-beijing.volces.com/api/v3"),
            Map.entry("moonshot", "https://api.moonshot.ai/v1"),
            Map.entry("dashscope", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"),
            // Google's OpenAI compatibility endpoint, which takes the Gemini API key as bearer token.
            Map.entry("gemini", "https://generativelanguage.googleapis.com/v1beta/openai"));

    /**
     * Providers whose LiteLLM {@code api_base} is the server's root, the OpenAI-shaped API being
     * under {@code /v1} of it (Ollama's compatibility layer, Anthropic's API).
     */
    private static final Map<String, String> ROOT_BASED = Map.of(
            "ollama", "http://localhost:11434",
            "ollama_chat", "http://localhost:11434",
            "anthropic", "https://api.anthropic.com");

    /** Providers whose every call must be signed with cloud credentials, which the gateway does not do. */
    private static final Map<String, String> SIGNED = Map.of(
            "bedrock", "AWS SigV4",
            "bedrock_converse", "AWS SigV4",
            "sagemaker", "AWS SigV4",
            "sagemaker_chat", "AWS SigV4",
            "vertex_ai", "Google Cloud OAuth",
            "vertex_ai_beta", "Google Cloud OAuth");

    /** Providers that speak only an API of their own, whatever {@code api_base} says. */
    private static final Set<String> NATIVE = Set.of("cohere", "cohere_chat", "replicate", "huggingface", "watsonx",
            "palm", "ai21", "predibase", "cloudflare", "nlp_cloud", "aleph_alpha", "baseten", "petals", "clarifai",
            "triton", "databricks", "snowflake");

    /** What an API version may hold: it goes into the URL. */
    private static final Pattern API_VERSION = Pattern.compile("[A-Za-z0-9.-]{1,40}");

    /**
     * How one entry is called.
     *
     * @param api the way of calling
     * @param apiBase where; empty for the mock and unsupported deployments
     */
    record Calling(UpstreamApi api, Optional<URI> apiBase) {}

    private KnownProviders() {}

    /**
     * How {@code provider/model} with the entry's {@code api_base} (if any) is called.
     *
     * @param apiVersion the entry's {@code api_version} (Azure)
     * @throws IllegalArgumentException for an {@code api_version} that cannot go into a URL
     */
    static Calling calling(String provider, String model, Optional<URI> apiBase, Optional<String> apiVersion) {
        if (Deployment.MOCK.equals(provider)) {
            return new Calling(new UpstreamApi.Mock(), Optional.empty());
        }
        if (SIGNED.containsKey(provider)) {
            return unsupported("provider '" + provider + "' needs " + SIGNED.get(provider)
                    + " request signing, which this gateway does not do");
        }
        if (NATIVE.contains(provider)) {
            return unsupported("provider '" + provider + "' speaks an API of its own, not the OpenAI API this gateway"
                    + " calls");
        }
        if ("azure".equals(provider)) {
            return azure(model, apiBase, apiVersion);
        }
        if (ROOT_BASED.containsKey(provider)) {
            URI root = apiBase.orElse(URI.create(ROOT_BASED.get(provider)));
            URI base = root.getPath().endsWith("/v1") ? root : URI.create(root + "/v1");
            UpstreamApi api = "anthropic".equals(provider) ? new UpstreamApi.Anthropic() : new UpstreamApi.OpenAi();
            return new Calling(api, Optional.of(base));
        }
        Optional<URI> base = apiBase.or(() -> Optional.ofNullable(OPENAI_COMPATIBLE.get(provider)).map(URI::create));
        if (base.isEmpty()) {
            return unsupported("provider '" + provider + "' has no well-known endpoint and the entry names no"
                    + " api_base");
        }
        return new Calling(new UpstreamApi.OpenAi(), base);
    }

    private static Calling azure(String deployment, Optional<URI> apiBase, Optional<String> apiVersion) {
        String version = apiVersion.orElse(AZURE_DEFAULT_API_VERSION);
        if (!API_VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("api_version must be an Azure API version such as "
                    + AZURE_DEFAULT_API_VERSION + ", was " + version);
        }
        if (apiBase.isEmpty()) {
            return unsupported("azure deployments need the resource's endpoint as api_base");
        }
        // A wildcard's '*' is filled from the request, and checked when it is sent.
        if (!deployment.contains("*") && !UpstreamApi.Azure.validDeployment(deployment)) {
            return unsupported("'" + deployment + "' is not a name an Azure deployment can have");
        }
        return new Calling(new UpstreamApi.Azure(version), apiBase);
    }

    private static Calling unsupported(String reason) {
        return new Calling(new UpstreamApi.Unsupported(reason), Optional.empty());
    }
}
