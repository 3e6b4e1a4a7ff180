package io.llmgw.gateway.logging;

/**
 * Writes values that a client or an upstream controls (model names, header values, upstream
 * bodies) into log lines so that they cannot forge a line or a field: the value is put in
 * double quotes, and quotes, backslashes and every control or line-separating character
 * (CR, LF, ESC of ANSI colour codes, NEL, U+2028/2029, ...) are escaped as in JSON. The result
 * is also a valid JSON string, so a JSON log pipeline keeps it whole.
 */
public final class LogText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogText() {}

    /** {@code value} quoted and escaped, such as {@code "gpt-4o\r\nforged"} becoming {@code "gpt-4o\\r\\nforged"}. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
