package io.llmgw.gateway.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.llmgw.gateway.keys.Authentication;
import io.llmgw.gateway.keys.KeyLookup;
import io.llmgw.gateway.keys.Principal;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Finds the API key of a request in the headers its API uses ({@code Authorization: Bearer
 * <key>} everywhere, plus Azure OpenAI's {@code api-key} on OpenAI routes or Anthropic's
 * {@code x-api-key} on Anthropic's) and authenticates it. A key in a header of the other API
 * is not looked at. Two different keys in one request are refused rather than one of them
 * picked. Every refusal is 401 and happens before the authz-service is asked anything. The key
 * is never logged; the key id is, when the key is known.
 */
final class Authenticator {

    private static final Logger LOG = Logger.getLogger(Authenticator.class.getName());
    private static final String BEARER = "bearer ";

    private final KeyLookup keys;

    Authenticator(KeyLookup keys) {
        this.keys = keys;
    }

    /** The principal of an OpenAI-route request. */
    Principal authenticate(ServerRequest req) {
        return authenticate(req, ClientApi.OPENAI);
    }

    /** The principal of a request on a route of {@code api}. */
    Principal authenticate(ServerRequest req, ClientApi api) {
        Set<String> presented = new LinkedHashSet<>();
        req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(h -> h.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(h -> h.substring(BEARER.length()).trim())
                .ifPresent(presented::add);
        for (HeaderName header : api.keyHeaders()) {
            req.headers().first(header).map(String::trim).ifPresent(presented::add);
        }
        presented.remove("");
        if (presented.size() > 1) {
            LOG.info(() -> "invalid_api_key request_id=" + RequestMeta.of(req).id() + " reason=TWO_KEYS");
            throw new ApiException(OpenAiError.invalidApiKey(
                    "The request carries two different API keys; send exactly one."));
        }
        String key = presented.isEmpty() ? "" : presented.iterator().next();
        return switch (keys.authenticate(key)) {
            case Authentication.Authenticated ok -> ok.principal();
            case Authentication.Rejected rejected -> {
                LOG.info(() -> "invalid_api_key request_id=" + RequestMeta.of(req).id() + " reason="
                        + rejected.reason() + (rejected.keyId().isEmpty() ? "" : " key_id=" + rejected.keyId()));
                throw new ApiException(OpenAiError.invalidApiKey(message(rejected.reason(), api)));
            }
        };
    }

    private static String message(Authentication.Reason reason, ClientApi api) {
        return switch (reason) {
            case MISSING -> "You didn't provide an API key. " + api.keyHint();
            case UNKNOWN -> "Incorrect API key provided.";
            case EXPIRED -> "The API key has expired.";
            case BLOCKED -> "The API key is blocked.";
        };
    }
}
