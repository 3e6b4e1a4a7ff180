package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code obligations} object of a decision document, or says exactly what is wrong
 * with it. The shape:
 *
 * <pre>{@code
 * {"deployments": ["eu-1", "eu-2"],            // ids of candidates the call may use
 *  "max_output_tokens": 256,                    // 1 .. 1,000,000,000
 *  "upstream_headers": {"x-team": "ml"},        // never credentials
 *  "rate_limits": [{"bucket": "team:ml", "requests": 60, "tokens": 0,
 *                   "per": "minute", "code": "rate_limited"}]}
 * }</pre>
 *
 * Every key is must-understand: a key this service does not know is {@link Unknown}, since
 * ignoring it would let a call through without the condition the policy attached to it.
 */
final class ObligationsDocument {

    /** The obligations this service (and the gateways it answers) knows. */
    static final Set<String> KNOWN = Set.of("deployments", "max_output_tokens", "upstream_headers", "rate_limits");

    /** Largest output-token cap accepted. */
    static final long MAX_TOKENS_CAP = 1_000_000_000L;

    /** Most rate limits and upstream headers one decision may carry. */
    static final int MAX_ENTRIES = 32;

    /**
     * Headers a policy can never set upstream: credentials and the framing the gateway owns.
     * The gateway allows only the names its configuration lists, on top of this.
     */
    static final Set<String> FORBIDDEN_HEADERS = Set.of("authorization", "proxy-authorization", "api-key",
            "x-api-key", "cookie", "set-cookie", "host", "content-length", "content-type", "transfer-encoding",
            "connection", "upgrade", "te", "trailer", "keep-alive", "expect");

    private static final Map<String, Duration> UNITS = Map.of("second", Duration.ofSeconds(1),
            "minute", Duration.ofMinutes(1), "hour", Duration.ofHours(1), "day", Duration.ofDays(1));
    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** The outcome of reading the document. */
    sealed interface Result permits Valid, Invalid, Unknown {}

    /** Well-formed obligations. */
    record Valid(Obligations obligations) implements Result {}

    /** Malformed: {@code fault} names the offending path, such as {@code obligations.max_output_tokens}. */
    record Invalid(String fault) implements Result {}

    /** An obligation this service does not know, by name. */
    record Unknown(String name) implements Result {}

    private ObligationsDocument() {}

    static Result read(JsonNode node) {
        if (node == null || node.isNull()) {
            return new Valid(Obligations.NONE);
        }
        if (!node.isObject()) {
            return new Invalid("obligations must be an object");
        }
        for (var names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                return new Unknown(name);
            }
        }
        try {
            return new Valid(new Obligations(deployments(node.get("deployments")),
                    maxOutputTokens(node.get("max_output_tokens")), headers(node.get("upstream_headers")),
                    rateLimits(node.get("rate_limits"))));
        } catch (Fault fault) {
            return new Invalid(fault.getMessage());
        }
    }

    private static Optional<List<String>> deployments(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isArray() || node.size() > 1_000) {
            throw new Fault("obligations.deployments must be an array of at most 1000 deployment ids");
        }
        List<String> ids = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual() || node.get(i).asText().isEmpty()) {
                throw new Fault("obligations.deployments[" + i + "] must be a non-empty string");
            }
            ids.add(node.get(i).asText());
        }
        return Optional.of(ids);
    }

    private static OptionalLong maxOutputTokens(JsonNode node) {
        if (node == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(count(node, "obligations.max_output_tokens", 1, MAX_TOKENS_CAP));
    }

    private static Map<String, String> headers(JsonNode node) {
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject() || node.size() > MAX_ENTRIES) {
            throw new Fault("obligations.upstream_headers must be an object of at most " + MAX_ENTRIES + " headers");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (var fields = node.fields(); fields.hasNext();) {
            var field = fields.next();
            String name = field.getKey().toLowerCase(Locale.ROOT);
            String path = "obligations.upstream_headers." + field.getKey();
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new Fault(path + ": not a header name");
            }
            if (FORBIDDEN_HEADERS.contains(name)) {
                throw new Fault(path + ": a policy may not set this header");
            }
            JsonNode value = field.getValue();
            if (!value.isTextual() || value.asText().length() > 1_024 || value.asText().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new Fault(path + " must be a string of at most 1024 characters without control characters");
            }
            if (headers.put(name, value.asText()) != null) {
                throw new Fault(path + ": the header is given twice");
            }
        }
        return headers;
    }

    private static List<RateLimit> rateLimits(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_ENTRIES) {
            throw new Fault("obligations.rate_limits must be an array of at most " + MAX_ENTRIES + " limits");
        }
        List<RateLimit> limits = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String path = "obligations.rate_limits[" + i + "]";
            JsonNode limit = node.get(i);
            if (!limit.isObject()) {
                throw new Fault(path + " must be an object");
            }
            for (var names = limit.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!Set.of("bucket", "requests", "tokens", "per", "code").contains(name)) {
                    throw new Fault(path + "." + name + ": unknown field");
                }
            }
            JsonNode bucket = limit.get("bucket");
            if (bucket == null || !bucket.isTextual() || bucket.asText().isEmpty() || bucket.asText().length() > 256) {
                throw new Fault(path + ".bucket must be a non-empty string of at most 256 characters");
            }
            long requests = limit.has("requests") ? count(limit.get("requests"), path + ".requests", 0, Long.MAX_VALUE) : 0;
            long tokens = limit.has("tokens") ? count(limit.get("tokens"), path + ".tokens", 0, Long.MAX_VALUE) : 0;
            if (requests == 0 && tokens == 0) {
                throw new Fault(path + ": requests or tokens must be positive");
            }
            JsonNode per = limit.get("per");
            Duration window = per != null && per.isTextual() ? UNITS.get(per.asText()) : null;
            if (window == null) {
                throw new Fault(path + ".per must be one of second, minute, hour, day");
            }
            JsonNode code = limit.get("code");
            if (code != null && !(code.isTextual() && CODE.matcher(code.asText()).matches())) {
                throw new Fault(path + ".code must be a snake_case reason code");
            }
            limits.add(new RateLimit(bucket.asText(), requests, tokens, window,
                    code == null ? "rate_limited" : code.asText()));
        }
        return limits;
    }

    private static long count(JsonNode node, String path, long min, long max) {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw new Fault(path + " must be an integer from " + min + " to " + max);
        }
        return node.asLong();
    }

    /** A malformed obligation; its message is the path and what is wrong there. */
    private static final class Fault extends RuntimeException {
        Fault(String message) {
            super(message, null, false, false);
        }
    }
}
