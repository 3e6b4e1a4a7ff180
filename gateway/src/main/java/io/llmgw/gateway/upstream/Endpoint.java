package io.llmgw.gateway.upstream;

/** The OpenAI API operations the gateway forwards. */
public enum Endpoint {
    /** {@code POST /v1/chat/completions}. */
    CHAT_COMPLETIONS("chat.completions", "/chat/completions", true),
    /** {@code POST /v1/completions}. */
    COMPLETIONS("completions", "/completions", true),
    /** {@code POST /v1/embeddings}. */
    EMBEDDINGS("embeddings", "/embeddings", false);

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
}
