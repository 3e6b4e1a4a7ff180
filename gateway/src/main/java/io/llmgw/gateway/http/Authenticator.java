package io.llmgw.gateway.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.llmgw.gateway.keys.Authentication;
import io.llmgw.gateway.keys.KeyLookup;
import io.llmgw.gateway.keys.Principal;
import java.util.logging.Logger;

/**
 * Finds the API key of a request ({@code Authorization: Bearer <key>}, or Azure OpenAI's
 * {@code api-key} header) and authenticates it. Every refusal is 401 {@code invalid_api_key}
 * and happens before the authz-service is asked anything. The key is never logged; the key id
 * is, when the key is known.
 */
final class Authenticator {

    private static final Logger LOG = Logger.getLogger(Authenticator.class.getName());
    private static final HeaderName API_KEY = HeaderNames.create("api-key");
    private static final String BEARER = "bearer ";

    private final KeyLookup keys;

    Authenticator(KeyLookup keys) {
        this.keys = keys;
    }

    Principal authenticate(ServerRequest req) {
        String presented = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(h -> h.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(h -> h.substring(BEARER.length()).trim())
                .or(() -> req.headers().first(API_KEY).map(String::trim))
                .orElse("");
        return switch (keys.authenticate(presented)) {
            case Authentication.Authenticated ok -> ok.principal();
            case Authentication.Rejected rejected -> {
                LOG.info(() -> "invalid_api_key request_id=" + RequestMeta.of(req).id() + " reason="
                        + rejected.reason() + (rejected.keyId().isEmpty() ? "" : " key_id=" + rejected.keyId()));
                throw new ApiException(OpenAiError.invalidApiKey(message(rejected.reason())));
            }
        };
    }

    private static String message(Authentication.Reason reason) {
        return switch (reason) {
            case MISSING -> "You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.";
            case UNKNOWN -> "Incorrect API key provided.";
            case EXPIRED -> "The API key has expired.";
            case BLOCKED -> "The API key is blocked.";
        };
    }
}
