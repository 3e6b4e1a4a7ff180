package io.llmgw.gateway.params;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The scanning core the parameter readers share: walking an object's fields on the streaming
 * parser, and reading the scalar values a parameter may have, refusing any other shape with
 * an {@link InvalidParamException} that names it.
 */
final class JsonFields {

    /** Longest name or value read; past it the request is refused here rather than failing the check. */
    static final int MAX_TEXT = 256;

    /** What is done with one field of an object; the parser is on the field's value. */
    @FunctionalInterface
    interface FieldReader {
        void read(String key, JsonToken value) throws IOException;
    }

    private JsonFields() {}

    /**
     * Calls {@code reader} for each field of the object whose opening brace the parser is on,
     * and steps over whatever of the value it left unread; the parser ends on the closing brace.
     * (A reader that reads a whole object or array leaves the parser on its closing token,
     * which there is nothing to step over.)
     */
    static void eachField(JsonParser parser, FieldReader reader) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            reader.read(key, value);
            parser.skipChildren();
        }
    }

    /**
     * The string value of field {@code key} of the object whose opening brace the parser is
     * on (the last one, if given twice); null when it has none. The parser ends on the
     * closing brace.
     */
    static String stringField(JsonParser parser, String key) throws IOException {
        String[] found = {null};
        eachField(parser, (k, value) -> {
            if (k.equals(key) && value == JsonToken.VALUE_STRING) {
                found[0] = parser.getText();
            }
        });
        return found[0];
    }

    /** A non-negative integer; empty for {@code null}. */
    static OptionalLong count(String name, JsonToken value, JsonParser parser) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return OptionalLong.empty();
        }
        if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || parser.getLongValue() < 0) {
            throw invalid(name, "'" + name + "' must be a non-negative integer.");
        }
        return OptionalLong.of(parser.getLongValue());
    }

    /** A finite number; empty for {@code null}. */
    static OptionalDouble finiteNumber(String name, JsonToken value, JsonParser parser) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return OptionalDouble.empty();
        }
        if (!(value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT)
                || !Double.isFinite(parser.getDoubleValue())) {
            throw invalid(name, "'" + name + "' must be a finite number.");
        }
        return OptionalDouble.of(parser.getDoubleValue());
    }

    /** A string of at most {@link #MAX_TEXT} characters; empty for {@code null}. */
    static String text(String name, JsonToken value, JsonParser parser) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return "";
        }
        if (value != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            throw invalid(name, "'" + name + "' must be a string.");
        }
        return bounded(name, parser.getText());
    }

    /** {@code text}, when it is at most {@link #MAX_TEXT} characters. */
    static String bounded(String name, String text) {
        if (text.length() > MAX_TEXT) {
            throw invalid(name, "'" + name + "' must be at most " + MAX_TEXT + " characters.");
        }
        return text;
    }

    static InvalidParamException invalid(String param, String message) {
        return new InvalidParamException(param, message);
    }
}
