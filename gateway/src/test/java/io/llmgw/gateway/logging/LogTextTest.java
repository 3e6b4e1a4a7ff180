package io.llmgw.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Client-controlled text in a log line stays one quoted value: no new line, field, colour or broken JSON. */
class LogTextTest {

    @Test
    void quote_crLf_cannotStartAForgedLine() {
        String quoted = LogText.quote("gpt-4o\r\nINFO: allowed request_id=forged");

        assertThat(quoted).doesNotContain("\r").doesNotContain("\n")
                .isEqualTo("\"gpt-4o\\r\\nINFO: allowed request_id=forged\"");
    }

    @Test
    void quote_quotesAndSpaces_cannotEndTheValueEarly() {
        assertThat(LogText.quote("a\" code=allow \\")).isEqualTo("\"a\\\" code=allow \\\\\"");
    }

    @Test
    void quote_ansiAndOtherControls_escaped() {
        String quoted = LogText.quote("\u001b[31mred\u001b[0m\u0000\u0085\u2028");

        assertThat(quoted).isEqualTo("\"\\u001b[31mred\\u001b[0m\\u0000\\u0085\\u2028\"");
        assertThat(quoted.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).isTrue();
    }

    @Test
    void quote_anyValue_isAJsonStringOfTheSameText() throws Exception {
        String hostile = "x\"\\\r\n\t\u001b[2J\u0007\u2029\u00e9}{";

        assertThat(new ObjectMapper().readValue(LogText.quote(hostile), String.class)).isEqualTo(hostile);
    }

    @Test
    void redactSecrets_keyFragmentsBearerAndKnownKey_removed() {
        String text = "Incorrect API key provided: sk-proj-abc***wxyz. Authorization: Bearer eyJhbGciOi.x.y;"
                + " api_key=s3cr3tvalue, deployment key THE-KNOWN-KEY, azure 0123456789abcdef0123456789abcdef";

        String redacted = Redaction.secrets(text, "THE-KNOWN-KEY");

        assertThat(redacted).doesNotContain("sk-proj").doesNotContain("eyJhbGciOi").doesNotContain("s3cr3tvalue")
                .doesNotContain("THE-KNOWN-KEY").doesNotContain("0123456789abcdef0123")
                .contains("Incorrect API key provided: [redacted]").contains("api_key=[redacted]");
    }

    @Test
    void redactForClient_urlsAndInternalHosts_removedModelNamesKept() {
        String redacted = Redaction.forClient("model Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16 not at"
                + " http://vllm.internal:8000/v1 nor 10.0.3.7:9000 nor gpu-7.cluster", null);

        assertThat(redacted).isEqualTo("model Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16 not at [url] nor [host]"
                + " nor [host]");
    }
}
