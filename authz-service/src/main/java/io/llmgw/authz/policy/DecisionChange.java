package io.llmgw.authz.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a second policy's decision differs from a first one's, for the same input: what replay
 * and shadow evaluation count.
 */
public enum DecisionChange {
    /** Allow before, deny now: someone loses access. */
    ALLOW_TO_DENY("allow->deny"),
    /** Deny before, allow now: someone gains access, the kind a tightening must never show. */
    DENY_TO_ALLOW("deny->allow"),
    /** Same outcome, different reason codes (what the gateway, logs and dashboards match on). */
    REASONS_CHANGED("reasons-changed"),
    /**
     * Allowed by both, with the same codes, under different obligations: another deployment
     * set, token cap, upstream headers or rate limits (what the gateway enforces on the call).
     */
    OBLIGATIONS_CHANGED("obligations-changed"),
    /** Same outcome and codes, different messages or HTTP status (what the client reads). */
    DETAILS_CHANGED("details-changed");

    private final String label;

    DecisionChange(String label) {
        this.label = label;
    }

    /** The name used on command lines, in reports and metrics, such as {@code deny->allow}. */
    public String label() {
        return label;
    }

    /**
     * The change named {@code label}; {@code deny-to-allow} is accepted for {@code deny->allow},
     * which shells and make mangle.
     */
    public static Optional<DecisionChange> of(String label) {
        String name = label.replace("-to-", "->");
        return Arrays.stream(values()).filter(k -> k.label.equals(name)).findFirst();
    }

    /** How {@code after} differs from {@code before}; empty when they are equal. */
    public static Optional<DecisionChange> between(PolicyDecision before, PolicyDecision after) {
        boolean wasAllowed = before instanceof PolicyDecision.Allow;
        boolean isAllowed = after instanceof PolicyDecision.Allow;
        if (wasAllowed != isAllowed) {
            return Optional.of(wasAllowed ? ALLOW_TO_DENY : DENY_TO_ALLOW);
        }
        if (!codes(before).equals(codes(after))) {
            return Optional.of(REASONS_CHANGED);
        }
        if (before instanceof PolicyDecision.Allow was && after instanceof PolicyDecision.Allow is
                && !was.obligations().equals(is.obligations())) {
            return Optional.of(OBLIGATIONS_CHANGED);
        }
        return before.equals(after) ? Optional.empty() : Optional.of(DETAILS_CHANGED);
    }

    /** The reason codes of a decision, in order. */
    public static List<String> codes(PolicyDecision decision) {
        return decision.reasons().stream().map(Reason::code).toList();
    }
}
