package io.llmgw.gateway.config;

import io.helidon.config.Config;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the gateway, read once at start-up from the {@code gateway} config node; each
 * component gets its own record.
 *
 * @param authz how to reach the authz-service
 * @param http limits of the API
 * @param admission how much work is taken on at once
 * @param upstream how upstreams are called
 * @param keys the key file and how it is watched
 * @param catalogFile the model catalog (LiteLLM {@code config.yaml} shape)
 * @param failOnUnsupported whether a catalog deployment the gateway cannot call stops start-up
 *     ({@code gateway.models.fail-on-unsupported}); else it is logged and answers 501
 * @param policy what the policy sees of a request and may add to the upstream call
 * @param enforcementLog where the obligations applied to each call are recorded
 */
public record GatewayConfig(AuthzClientConfig authz, HttpConfig http, AdmissionConfig admission, UpstreamConfig upstream,
        KeysConfig keys, Path catalogFile, boolean failOnUnsupported, PolicyConfig policy,
        EnforcementLogConfig enforcementLog) {

    public GatewayConfig {
        Objects.requireNonNull(authz, "authz");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(catalogFile, "gateway.models.file");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(enforcementLog, "enforcementLog");
    }

    /** Reads the {@code gateway} node of {@code root}; a bad value fails naming its key. */
    public static GatewayConfig from(Config root) {
        Config c = root.get("gateway");
        HttpConfig http = HttpConfig.from(c.get("http"));
        var machine = AdmissionConfig.defaults(Runtime.getRuntime().maxMemory(),
                Runtime.getRuntime().availableProcessors(), http.maxBodyBytes());
        return new GatewayConfig(
                AuthzClientConfig.from(c.get("authz")),
                http,
                AdmissionConfig.from(c.get("admission"), machine, http.maxBodyBytes()),
                UpstreamConfig.from(c.get("upstream")),
                KeysConfig.from(c.get("keys")),
                path(c, "models.file"),
                c.get("models.fail-on-unsupported").asBoolean().orElse(false),
                PolicyConfig.from(c.get("policy")),
                EnforcementLogConfig.from(c.get("enforcement-log")));
    }

    private static Path path(Config gateway, String key) {
        return gateway.get(key).asString().map(Path::of).orElseThrow(
                () -> new IllegalArgumentException("gateway." + key + " is required"));
    }
}
