package io.llmgw.gateway.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.llmgw.gateway.keys.KeyRecord;
import io.llmgw.gateway.keys.KeyRegistry;
import io.llmgw.gateway.models.ModelCatalog;
import io.llmgw.gateway.models.ModelResolution;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of the gateway, read once at start-up from the {@code gateway} config node.
 *
 * @param authzTarget {@code host:port} of the authz-service
 * @param authzDeadline budget of one access check
 * @param keys the key registry
 * @param models the model catalog
 */
public record GatewayConfig(String authzTarget, Duration authzDeadline, KeyRegistry keys, ModelCatalog models) {

    public GatewayConfig {
        if (authzDeadline.isNegative() || authzDeadline.isZero()) {
            throw new IllegalArgumentException("gateway.authz.deadline must be positive, was " + authzDeadline);
        }
    }

    /** Reads the {@code gateway} node of {@code root}; a malformed entry fails naming its key. */
    public static GatewayConfig from(Config root) {
        Config c = root.get("gateway");
        return new GatewayConfig(
                c.get("authz.target").asString().orElse("127.0.0.1:9191"),
                c.get("authz.deadline").as(Duration.class).orElse(Duration.ofMillis(50)),
                keys(c.get("keys")),
                models(c.get("models")));
    }

    private static KeyRegistry keys(Config list) {
        Map<String, KeyRecord> bySha = new HashMap<>();
        for (Config k : list.asNodeList().orElse(List.of())) {
            String sha = required(k, "sha256").toLowerCase(java.util.Locale.ROOT);
            if (!sha.matches("[0-9a-f]{64}")) {
                throw new ConfigException(k.key() + ".sha256 must be 64 hex digits (the SHA-256 of the key)");
            }
            bySha.put(sha, new KeyRecord(required(k, "id"), k.get("team").asString().orElse(""),
                    k.get("models").asList(String.class).orElse(List.of())));
        }
        return new KeyRegistry(bySha);
    }

    private static ModelCatalog models(Config list) {
        Map<String, ModelResolution> byName = new HashMap<>();
        for (Config m : list.asNodeList().orElse(List.of())) {
            String name = required(m, "name");
            byName.put(name, new ModelResolution(name, required(m, "upstream"), m.get("deployment").asString().orElse(name),
                    m.get("provider").asString().orElse("mock"), List.of(), List.of()));
        }
        return new ModelCatalog(byName);
    }

    private static String required(Config node, String key) {
        return node.get(key).asString().filter(s -> !s.isBlank())
                .orElseThrow(() -> new ConfigException(node.key() + "." + key + " is required"));
    }
}
