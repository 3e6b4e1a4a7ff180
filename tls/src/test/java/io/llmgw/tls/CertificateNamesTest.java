package io.llmgw.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names from certificates reach logs escaped. */
class CertificateNamesTest {

    @Test
    void quote_controlCharactersAndQuotes_escapedOnOneLine() {
        assertThat(CertificateNames.quote("a\"b\nINFO: forged\u0007")).isEqualTo("\"a\\\"b\\nINFO: forged\\u0007\"");
    }
}
