package io.llmgw.authz.tools;

import java.util.Arrays;
import java.util.Optional;

/** How a candidate's decision differs from the logged one. */
enum FlipKind {
    /** Logged allow, candidate deny: someone loses access. */
    ALLOW_TO_DENY("allow->deny"),
    /** Logged deny, candidate allow: someone gains access, the kind a tightening must never show. */
    DENY_TO_ALLOW("deny->allow"),
    /** Same outcome, different reason codes (what the gateway, logs and dashboards match on). */
    REASONS_CHANGED("reasons-changed"),
    /** Same outcome and codes, different messages or HTTP status (what the client reads). */
    DETAILS_CHANGED("details-changed");

    private final String label;

    FlipKind(String label) {
        this.label = label;
    }

    /** The name used on the command line and in reports, such as {@code deny->allow}. */
    String label() {
        return label;
    }

    /** The kind named {@code label}; {@code deny-to-allow} is accepted for {@code deny->allow}, which shells and make mangle. */
    static Optional<FlipKind> of(String label) {
        String name = label.replace("-to-", "->");
        return Arrays.stream(values()).filter(k -> k.label.equals(name)).findFirst();
    }
}
