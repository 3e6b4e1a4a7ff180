package io.llmgw.gateway.upstream;

/**
 * The upstream API operations the gateway forwards: OpenAI's chat completions, completions,
 * embeddings and Responses, and Anthropic's Messages. Each is called at its path under the
 * deployment's API base.
 */
public enum Endpoint {
    /** {@code POST /v1/chat/completions}. */
    CHAT_COMPLETIONS("chat.completions", "/chat/completions", true),
    /** {@code POST /v1/completions}. */
    COMPLETIONS("completions", "/completions", true),
    /** {@code POST /v1/embeddings}. */
    EMBEDDINGS("embeddings", "/embeddings", false),
    /** OpenAI's Responses API, {@code POST /v1/responses}; streams typed events. */
    RESPONSES("responses.create", "/responses", true),
    /** Anthropic's Messages API, {@code POST /v1/messages}; streams typed events. */
    MESSAGES("messages.create", "/messages", true),
    /** Anthropic's token count of a Messages request, {@code POST /v1/messages/count_tokens}. */
    MESSAGES_COUNT_TOKENS("messages.count_tokens", "/messages/count_tokens", false);

    private final String operation;
    private final String path;
    private final boolean streamable;

    Endpoint(String operation, String path, boolean streamable) {
        this.operation = operation;
        this.path = path;
        this.streamable = streamable;
    }

    /** The operation name policies see, such as {@code chat.completions}. */
    public String operation() {
        return operation;
    }

    /** The path under an API base, such as {@code /chat/completions}. */
    public String path() {
        return path;
    }

    /** Whether clients may ask for a stream of server-sent events. */
    public boolean streamable() {
        return streamable;
    }

    /** Whether this is one of Anthropic's operations (its headers, its event stream). */
    public boolean anthropic() {
        return this == MESSAGES || this == MESSAGES_COUNT_TOKENS;
    }
}
