package io.llmgw.gateway.http;

import io.helidon.webserver.http.ServerRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Azure OpenAI's routes ({@code /openai/deployments/{deployment}/chat/completions} and the
 * others) take from the request besides the body: the deployment in the path, which is the model
 * the client asks for (the one place a model is read from on these routes: neither the body's
 * {@code model} nor a query parameter), and the {@code api-version} query parameter, which every
 * Azure client sends. The version is checked for form, not against a list (Azure adds versions
 * monthly and the gateway answers in the one shape it speaks); it is not forwarded: an Azure
 * upstream gets its deployment's own {@code api_version}.
 */
final class AzureRequests {

    /** The path parameter of the deployment in the route patterns. */
    static final String DEPLOYMENT = "deployment";
    static final String API_VERSION = "api-version";
    private static final Pattern VERSION = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(-preview)?");
    private static final int MAX_QUOTED = 64;

    private AzureRequests() {}

    /**
     * The deployment the request names, once its {@code api-version} is found well-formed.
     *
     * @throws ApiException 400 naming {@code api-version} when it is missing, repeated or not a version
     */
    static String deployment(ServerRequest req) {
        List<String> versions = req.query().all(API_VERSION, List::of);
        if (versions.isEmpty()) {
            throw invalid("The '" + API_VERSION + "' query parameter is required, such as " + API_VERSION
                    + "=2024-10-21.");
        }
        if (versions.size() > 1) {
            throw invalid("The '" + API_VERSION + "' query parameter is given " + versions.size() + " times; give it once.");
        }
        String version = versions.getFirst();
        if (!wellFormed(version)) {
            String shown = version.length() > MAX_QUOTED ? version.substring(0, MAX_QUOTED) + "..." : version;
            throw invalid("'" + API_VERSION + "' must be an Azure OpenAI API version such as 2024-10-21 or"
                    + " 2025-04-01-preview, was '" + shown + "'.");
        }
        return req.path().pathParameters().get(DEPLOYMENT);
    }

    private static boolean wellFormed(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            return false;
        }
        try {
            LocalDate.parse(m.group(1));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException(OpenAiError.invalidRequest(API_VERSION, message));
    }
}
