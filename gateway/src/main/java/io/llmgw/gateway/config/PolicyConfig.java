package io.llmgw.gateway.config;

import io.helidon.config.Config;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the gateway shows the policy and lets it ask for ({@code gateway.policy}).
 *
 * @param inputHeaders client request headers the policy sees in {@code input.request.headers}
 *     (lower-case names); no other client header is ever sent to the authz-service
 * @param upstreamHeaders header names a policy may add to upstream calls
 *     ({@code upstream_headers} obligations); credentials and framing headers can never be listed
 */
public record PolicyConfig(Set<String> inputHeaders, Set<String> upstreamHeaders) {

    /** Headers no policy may set upstream, whatever the configuration says. */
    static final Set<String> NEVER_UPSTREAM = Set.of("authorization", "proxy-authorization", "api-key", "x-api-key",
            "cookie", "set-cookie", "host", "content-length", "content-type", "transfer-encoding", "connection",
            "upgrade", "te", "trailer", "keep-alive", "expect");

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public PolicyConfig {
        inputHeaders = names("gateway.policy.input-headers", inputHeaders);
        upstreamHeaders = names("gateway.policy.upstream-headers", upstreamHeaders);
        for (String name : upstreamHeaders) {
            if (NEVER_UPSTREAM.contains(name)) {
                throw new IllegalArgumentException("gateway.policy.upstream-headers must not list " + name
                        + ": a policy can never set credentials or framing headers upstream");
            }
        }
        for (String name : inputHeaders) {
            if (NEVER_UPSTREAM.contains(name) && !name.equals("content-type")) {
                throw new IllegalArgumentException("gateway.policy.input-headers must not list " + name
                        + ": credentials are never sent to the authz-service");
            }
        }
    }

    /** Nothing shown, nothing allowed. */
    public static PolicyConfig none() {
        return new PolicyConfig(Set.of(), Set.of());
    }

    /** Reads the {@code gateway.policy} node. */
    public static PolicyConfig from(Config node) {
        return new PolicyConfig(Set.copyOf(node.get("input-headers").asList(String.class).orElse(List.of())),
                Set.copyOf(node.get("upstream-headers").asList(String.class).orElse(List.of())));
    }

    private static Set<String> names(String key, Set<String> names) {
        Set<String> lower = new TreeSet<>();
        for (String name : names) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            if (!NAME.matcher(n).matches()) {
                throw new IllegalArgumentException(key + ": '" + name + "' is not a header name");
            }
            lower.add(n);
        }
        return Collections.unmodifiableSet(lower);
    }
}
