package io.llmgw.gateway.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.llmgw.gateway.limits.RateLimiter;
import io.llmgw.gateway.obligations.Applied;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders an {@link EnforcementRecord} as one JSON object; Jackson's generator does the
 * escaping, so a model name or request id cannot break the line. Under {@code applied} each
 * obligation is keyed by its name in the decision log's {@code result.obligations}
 * ({@code deployments}, {@code max_output_tokens}, {@code upstream_headers},
 * {@code rate_limits}); the fields are listed in the operations section of the README.
 */
final class EnforcementFormatter {

    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, String> labels;

    EnforcementFormatter(Map<String, String> labels) {
        this.labels = new TreeMap<>(labels);
    }

    String format(EnforcementRecord r) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("labels");
            for (var label : labels.entrySet()) {
                g.writeStringField(label.getKey(), label.getValue());
            }
            g.writeEndObject();
            g.writeStringField("decision_id", r.decisionId());
            g.writeStringField("timestamp", r.timestamp().toString());
            g.writeStringField("request_id", r.requestId());
            g.writeStringField("key_id", r.keyId());
            g.writeStringField("team_id", r.teamId());
            g.writeStringField("operation", r.operation());
            g.writeNumberField("call", r.call());
            g.writeObjectFieldStart("model");
            g.writeStringField("requested", r.model().requested());
            g.writeStringField("resolved", r.model().resolved());
            g.writeStringField("deployment", r.model().deployment());
            g.writeEndObject();
            g.writeStringField("outcome", r.refusal().isPresent() ? "refused" : "sent");
            if (r.refusal().isPresent()) {
                g.writeObjectFieldStart("refusal");
                g.writeStringField("code", r.refusal().get().code());
                g.writeStringField("detail", r.refusal().get().detail());
                g.writeEndObject();
            }
            g.writeObjectFieldStart("applied");
            for (Applied applied : r.applied()) {
                write(g, applied);
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail; the generator's signature says it might.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Applied applied) throws IOException {
        switch (applied) {
            case Applied.Deployments d -> {
                g.writeObjectFieldStart("deployments");
                g.writeArrayFieldStart("allowed");
                for (String id : d.allowed()) {
                    g.writeString(id);
                }
                g.writeEndArray();
                g.writeNumberField("candidates", d.candidates());
                g.writeStringField("chosen", d.chosen());
                if (d.replaced().isPresent()) {
                    g.writeStringField("replaced", d.replaced().get());
                }
                g.writeEndObject();
            }
            case Applied.OutputCap cap -> {
                g.writeObjectFieldStart("max_output_tokens");
                g.writeNumberField("cap", cap.cap());
                g.writeArrayFieldStart("fields");
                for (Applied.LimitField f : cap.fields()) {
                    g.writeStartObject();
                    g.writeStringField("field", f.name());
                    if (f.asked().isPresent()) {
                        g.writeNumberField("asked", f.asked().getAsLong());
                    } else {
                        g.writeNullField("asked");
                    }
                    g.writeNumberField("sent", f.sent());
                    g.writeBooleanField("lowered", f.lowered());
                    g.writeEndObject();
                }
                g.writeEndArray();
                if (cap.added().isPresent()) {
                    g.writeStringField("added", cap.added().get());
                }
                g.writeEndObject();
            }
            case Applied.UpstreamHeaders headers -> {
                g.writeObjectFieldStart("upstream_headers");
                g.writeArrayFieldStart("names");
                for (String name : headers.names()) {
                    g.writeString(name);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            case Applied.RateLimits limits -> {
                g.writeObjectFieldStart("rate_limits");
                g.writeArrayFieldStart("buckets");
                for (RateLimiter.Count c : limits.buckets()) {
                    g.writeStartObject();
                    g.writeStringField("bucket", c.bucket());
                    g.writeNumberField("per_seconds", c.per().toSeconds());
                    budget(g, "requests", c.requestLimit(), c.requests());
                    budget(g, "tokens", c.tokenLimit(), c.tokens());
                    g.writeNumberField("reset_ms", c.reset().toMillis());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeBooleanField("usage_requested", limits.usageRequested());
                g.writeEndObject();
            }
        }
    }

    /** A budget the limit has (a limit of 0 is none, and is left out). */
    private static void budget(JsonGenerator g, String name, long limit, long used) throws IOException {
        if (limit > 0) {
            g.writeObjectFieldStart(name);
            g.writeNumberField("limit", limit);
            g.writeNumberField("used", used);
            g.writeNumberField("remaining", Math.max(0, limit - used));
            g.writeEndObject();
        }
    }
}
