package io.llmgw.gateway.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node of a YAML file that knows its own key path, so every error names the file and key
 * at fault ({@code keys.yaml: keys[1].sha256 must be a string}). A key written twice in one
 * mapping is an error naming file and line: YAML parsers otherwise keep the last value, so
 * a later {@code blocked: false} would silently undo an earlier {@code blocked: true}.
 */
public final class YamlNode {

    /**
     * Jackson's own duplicate check: SnakeYAML's {@code allowDuplicateKeys} applies only to its
     * object constructor, which Jackson's streaming YAML parser does not use.
     */
    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private final String source;
    private final String path;
    private final JsonNode node;

    private YamlNode(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node;
    }

    /** Reads {@code file}; an unreadable or unparsable file fails naming it. */
    public static YamlNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigFileException(file.toAbsolutePath() + ": no such file", e);
        } catch (IOException e) {
            throw new ConfigFileException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return parse(text, file.toString());
    }

    /** Parses {@code text}; {@code source} names it in errors. An empty document is an empty map. */
    public static YamlNode parse(String text, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String line = at == null || at.getLineNr() < 1 ? "" : " line " + at.getLineNr() + ":";
            throw new ConfigFileException(source + ":" + line + " not valid YAML (" + e.getOriginalMessage() + ")", e);
        }
        YamlNode doc = new YamlNode(source, "", root == null || root.isMissingNode() ? YAML.createObjectNode() : root);
        doc.requireMap();
        return doc;
    }

    /** The key path of this node, such as {@code model_list[0].litellm_params}. */
    public String path() {
        return path;
    }

    /** An error about this node, naming file and key. */
    public ConfigFileException error(String message) {
        return new ConfigFileException(source + ": " + (path.isEmpty() ? "" : path + " ") + message);
    }

    /** The child {@code key}; empty when absent or null. */
    public Optional<YamlNode> get(String key) {
        requireMap();
        JsonNode child = node.path(key);
        return child.isMissingNode() || child.isNull() ? Optional.empty() : Optional.of(child(key, child));
    }

    /** The child {@code key}; fails naming it when absent. */
    public YamlNode required(String key) {
        return get(key).orElseThrow(() -> child(key, MissingNode.getInstance()).error("is required"));
    }

    /** This node as a non-blank string. */
    public String asText() {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw error("must be a non-empty string");
        }
        return node.asText();
    }

    /** This node as a boolean. */
    public boolean asBoolean() {
        if (!node.isBoolean()) {
            throw error("must be true or false");
        }
        return node.asBoolean();
    }

    /** This node as a positive number. */
    public double asPositiveNumber() {
        if (!node.isNumber() || node.asDouble() <= 0) {
            throw error("must be a positive number");
        }
        return node.asDouble();
    }

    /** This node as a whole number of zero or more. */
    public int asNonNegativeInt() {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 0) {
            throw error("must be a whole number of zero or more");
        }
        return node.asInt();
    }

    /** The elements of this list. */
    public List<YamlNode> asList() {
        if (!node.isArray()) {
            throw error("must be a list");
        }
        List<YamlNode> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            items.add(new YamlNode(source, path + "[" + i + "]", node.get(i)));
        }
        return items;
    }

    /** This list as strings. */
    public List<String> asStrings() {
        return asList().stream().map(YamlNode::asText).toList();
    }

    /** The entries of this map, in file order. */
    public Map<String, YamlNode> asMap() {
        requireMap();
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        node.properties().forEach(e -> entries.put(e.getKey(), child(e.getKey(), e.getValue())));
        return entries;
    }

    /** Whether this node is a string scalar. */
    public boolean isText() {
        return node.isTextual();
    }

    /** Paths of the keys of this map that are not in {@code known}. */
    public List<String> unknownKeys(Set<String> known) {
        return asMap().keySet().stream().filter(k -> !known.contains(k)).map(k -> child(k, node).path).toList();
    }

    private void requireMap() {
        if (!node.isObject()) {
            throw error("must be a map");
        }
    }

    private YamlNode child(String key, JsonNode value) {
        return new YamlNode(source, path.isEmpty() ? key : path + "." + key, value);
    }
}
