package io.llmgw.gateway.logging;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what must not leave the gateway from text an upstream wrote, such as an error body:
 * credentials (bearer tokens, {@code sk-...} style keys and their masked forms, long opaque
 * tokens, {@code api_key=...} values) always, and, for text a client will see, URLs and
 * internal addresses as well. Best effort by pattern: which is why provider error bodies
 * about the gateway's own credentials are never passed to clients at all.
 */
public final class Redaction {

    private static final String SECRET = "[redacted]";
    private static final List<Pattern> SECRETS = List.of(
            Pattern.compile("(?i)\\bbearer\\s+[^\\s\"',;]+"),
            // sk-..., sk-proj-..., sk-ant-..., rk_live_..., also masked as sk-abc***wxyz.
            Pattern.compile("\\b(?:sk|pk|rk|ak)[-_][A-Za-z0-9*_.\\-]{3,}"),
            Pattern.compile("(?i)((?:api[_-]?key|access[_-]?token|token|secret|password)\\\"?\\s*[:=]\\s*\\\"?)[^\\s\"',;&}]+"),
            // Opaque tokens (Azure keys are 32 hex digits, AWS secrets 40 characters).
            Pattern.compile("\\b[A-Za-z0-9+_]{32,}={0,2}"));
    private static final Pattern URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.\\-]*://[^\\s\"'<>]+");
    private static final Pattern ADDRESS = Pattern.compile(
            "\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d{1,5})?\\b|\\b[a-z0-9][a-z0-9.\\-]*\\.(?:internal|local|lan|corp|svc|cluster)"
                    + "(?::\\d{1,5})?\\b", Pattern.CASE_INSENSITIVE);

    private Redaction() {}

    /** {@code text} with credentials replaced, and {@code knownSecret} (such as the deployment's key) if set. */
    public static String secrets(String text, String knownSecret) {
        String out = text;
        if (knownSecret != null && knownSecret.length() >= 4) {
            out = out.replace(knownSecret, SECRET);
        }
        for (Pattern p : SECRETS) {
            out = p.matcher(out).replaceAll(m -> m.groupCount() > 0 && m.group(1) != null
                    ? Matcher.quoteReplacement(m.group(1) + SECRET) : SECRET);
        }
        return out;
    }

    /** {@code text} fit for a client: credentials, URLs and internal addresses replaced. */
    public static String forClient(String text, String knownSecret) {
        String out = secrets(text, knownSecret);
        out = URL.matcher(out).replaceAll("[url]");
        return ADDRESS.matcher(out).replaceAll("[host]");
    }
}
