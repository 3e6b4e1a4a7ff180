package io.llmgw.gateway.params;

import static io.llmgw.gateway.params.JsonFields.eachField;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Set;

/**
 * Which kinds of content a call holds or asks for, images and audio: read from the
 * {@code type} of content parts (OpenAI's, the Responses API's and Anthropic's names), from
 * Responses input items, and from chat's {@code audio} and {@code modalities}. Only the type
 * is looked at; the content is stepped over.
 */
final class ContentKinds {

    private static final Set<String> IMAGE_PARTS = Set.of("image_url", "input_image", "image");
    private static final Set<String> AUDIO_PARTS = Set.of("input_audio", "audio");

    private boolean images;
    private boolean audio;

    /** Whether any content part is an image. */
    boolean images() {
        return images;
    }

    /** Whether any content part is audio, or audio output is asked for. */
    boolean audio() {
        return audio;
    }

    /** Looks at one content part for its kind; the parser is on the part's first token. */
    void contentPart(JsonToken part, JsonParser parser) throws IOException {
        if (part != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        eachField(parser, (key, value) -> {
            if ("type".equals(key) && value == JsonToken.VALUE_STRING) {
                typed(parser.getText());
            }
        });
    }

    /**
     * One item of a Responses {@code input} array (or an element of another endpoint's
     * {@code input}): a message's content parts are looked at for their kind, as for
     * {@code messages}, and so is the item's own type; anything else is stepped over. The
     * parser is on the item's first token.
     */
    void inputItem(JsonToken item, JsonParser parser) throws IOException {
        if (item != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        eachField(parser, (key, value) -> {
            if (key.equals("content") && value == JsonToken.START_ARRAY) {
                for (JsonToken part = parser.nextToken(); part != JsonToken.END_ARRAY; part = parser.nextToken()) {
                    contentPart(part, parser);
                }
            } else if (key.equals("type") && value == JsonToken.VALUE_STRING) {
                typed(parser.getText());
            }
        });
    }

    /** Chat's {@code audio} output options: any value but {@code null} asks for audio. */
    void audioOutput(JsonToken value, JsonParser parser) throws IOException {
        audio |= value != JsonToken.VALUE_NULL;
        parser.skipChildren();
    }

    /** Chat's {@code modalities}: {@code "audio"} among them asks for audio. */
    void modalities(JsonToken value, JsonParser parser) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            audio |= t == JsonToken.VALUE_STRING && parser.getText().equals("audio");
            parser.skipChildren();
        }
    }

    private void typed(String type) {
        images |= IMAGE_PARTS.contains(type);
        audio |= AUDIO_PARTS.contains(type);
    }
}
