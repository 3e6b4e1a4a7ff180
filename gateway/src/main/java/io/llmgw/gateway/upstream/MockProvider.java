package io.llmgw.gateway.upstream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The built-in provider that answers locally, so the gateway runs with no network. Its reply
 * is deterministic: it names the upstream model it stands in for. It counts the calls it
 * receives, which tests use to prove nothing was forwarded without an allow.
 */
public final class MockProvider {

    private final AtomicLong calls = new AtomicLong();

    /** A chat completion for {@code upstreamModel}, in OpenAI's response shape. */
    public ObjectNode chatCompletion(String upstreamModel) {
        long n = calls.incrementAndGet();
        ObjectNode response = JsonNodeFactory.instance.objectNode()
                .put("id", "chatcmpl-mock-" + n)
                .put("object", "chat.completion")
                .put("created", 0)
                .put("model", upstreamModel);
        ObjectNode choice = response.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", "Hello from mock model " + upstreamModel + ".");
        response.putObject("usage").put("prompt_tokens", 1).put("completion_tokens", 6).put("total_tokens", 7);
        return response;
    }

    /** Number of calls this provider has answered. */
    public long calls() {
        return calls.get();
    }
}
