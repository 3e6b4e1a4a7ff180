package io.llmgw.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/** The bodies the mock answers with, in OpenAI's shapes; the same input gives the same output. */
final class MockResponses {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int DEFAULT_DIMENSIONS = 8;

    private MockResponses() {}

    static ObjectNode chatCompletion(String id, String model, String text) {
        ObjectNode response = head(id, "chat.completion", model);
        ObjectNode choice = response.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text);
        choice.put("finish_reason", "stop");
        usage(response, 1, words(text).size());
        return response;
    }

    static ObjectNode completion(String id, String model, String text) {
        ObjectNode response = head(id, "text_completion", model);
        response.putArray("choices").addObject().put("index", 0).put("text", text).putNull("logprobs")
                .put("finish_reason", "stop");
        usage(response, 1, words(text).size());
        return response;
    }

    /** The chunks of a streamed answer: role, one per word, then the finish (and usage if asked). */
    static List<ObjectNode> chunks(Endpoint endpoint, String id, String model, String text, boolean usage) {
        boolean chat = endpoint == Endpoint.CHAT_COMPLETIONS;
        String object = chat ? "chat.completion.chunk" : "text_completion";
        List<ObjectNode> chunks = new ArrayList<>();
        if (chat) {
            chunks.add(chunk(id, object, model, choice -> choice.putObject("delta").put("role", "assistant")
                    .put("content", "")));
        }
        for (String word : words(text)) {
            chunks.add(chunk(id, object, model, choice -> {
                if (chat) {
                    choice.putObject("delta").put("content", word);
                } else {
                    choice.put("text", word);
                }
            }));
        }
        chunks.add(chunk(id, object, model, choice -> {
            if (chat) {
                choice.putObject("delta");
            } else {
                choice.put("text", "");
            }
            choice.put("finish_reason", "stop");
        }));
        if (usage) {
            ObjectNode last = head(id, object, model);
            last.putArray("choices");
            usage(last, 1, words(text).size());
            chunks.add(last);
        }
        return chunks;
    }

    /** One vector per input, from the SHA-256 of the input, of unit length. */
    static ObjectNode embeddings(String model, JsonNode request) {
        JsonNode input = request.path("input");
        List<String> inputs = new ArrayList<>();
        if (input.isArray()) {
            input.forEach(i -> inputs.add(i.toString()));
        } else {
            inputs.add(input.asText());
        }
        int dimensions = request.path("dimensions").asInt(DEFAULT_DIMENSIONS);
        boolean base64 = "base64".equals(request.path("encoding_format").asText());
        ObjectNode response = JSON.objectNode().put("object", "list");
        ArrayNode data = response.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            float[] vector = vector(inputs.get(i), Math.max(1, dimensions));
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : vector) {
                    bytes.putFloat(v);
                }
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
            tokens += words(inputs.get(i)).size();
        }
        response.put("model", model);
        response.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return response;
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            // Each word keeps the space before it, so the chunks concatenate to the text.
            if (i == text.length() || text.charAt(i) == ' ') {
                words.add(text.substring(start, i));
                start = i;
            }
        }
        return words;
    }

    private static float[] vector(String input, int dimensions) {
        byte[] seed;
        try {
            seed = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (seed[i % seed.length] + 0.5f + i / (float) dimensions) / 128f;
            norm += vector[i] * vector[i];
        }
        for (int i = 0; i < dimensions; i++) {
            vector[i] /= (float) Math.sqrt(norm);
        }
        return vector;
    }

    private static ObjectNode chunk(String id, String object, String model,
            Consumer<ObjectNode> fill) {
        ObjectNode chunk = head(id, object, model);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        fill.accept(choice);
        if (!choice.has("finish_reason")) {
            choice.putNull("finish_reason");
        }
        return chunk;
    }

    private static ObjectNode head(String id, String object, String model) {
        return JSON.objectNode().put("id", id).put("object", object).put("created", 0).put("model", model);
    }

    private static void usage(ObjectNode response, int prompt, int completion) {
        response.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }
}
