package io.llmgw.gateway.http;

import io.llmgw.gateway.logging.LogText;
import io.llmgw.gateway.models.ModelResolution;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The upstream tries of one request, logged as one line when it ends: each model and
 * deployment tried, the decision id that allowed (or denied) it, and how the try ended. A
 * request with several tries logs at INFO (WARNING when none answered); the common single try
 * at FINE, as every allowed call's decision id is.
 */
final class TryLog {

    // Logged under the attempt loop's name: that is where an operator looks for it.
    private static final Logger LOG = Logger.getLogger(ModelCallAttempts.class.getName());

    private final String requestId;
    private final String keyId;
    private final String requested;
    private final List<String> lines = new ArrayList<>();

    TryLog(String requestId, String keyId, String requested) {
        this.requestId = requestId;
        this.keyId = keyId;
        this.requested = requested;
    }

    void add(ModelResolution model, String decisionId, String outcome) {
        lines.add(LogText.quote(model.requested()) + " deployment=" + LogText.quote(model.deployment().id())
                + " decision_id=" + decisionId + " -> " + outcome);
    }

    /** Logs the line; {@code answeredBy} is the name whose answer the client gets, null when none. */
    void log(String answeredBy) {
        Level level = lines.size() < 2 ? Level.FINE : answeredBy == null ? Level.WARNING : Level.INFO;
        LOG.log(level, () -> "upstream_tries request_id=" + requestId + " key_id=" + keyId + " model="
                + LogText.quote(requested) + " answered_by=" + (answeredBy == null ? "none" : LogText.quote(answeredBy))
                + " tries=[" + String.join("; ", lines) + "]");
    }
}
