package io.llmgw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which upstream {@code Retry-After} values are kept for the client. */
class UpstreamReplyTest {

    @ParameterizedTest
    @ValueSource(strings = {"7", " 120 ", "Wed, 21 Oct 2026 07:28:00 GMT"})
    void retryAfter_secondsOrHttpDate_kept(String value) {
        assertThat(reply(value).retryAfter()).contains(value.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "soon", "7\r\nSet-Cookie: a=b", "1234567890", "7, 8"})
    void retryAfter_anythingElse_dropped(String value) {
        assertThat(reply(value).retryAfter()).isEmpty();
    }

    @Test
    void retryAfter_absent_empty() {
        assertThat(new UpstreamReply.Complete(429, new byte[0], null).retryAfter()).isEmpty();
    }

    private static UpstreamReply.Complete reply(String retryAfter) {
        return new UpstreamReply.Complete(429, new byte[0], "application/json", Optional.of(retryAfter));
    }
}
