package io.llmgw.authz.policy;

import java.util.List;
import java.util.Objects;

/** What the policy decided: the call may proceed ({@link Allow}) or not ({@link Deny}). */
public sealed interface PolicyDecision permits PolicyDecision.Allow, PolicyDecision.Deny {

    /** Why; empty for a plain allow. The first reason is the one a gateway reports. */
    List<Reason> reasons();

    /**
     * The call may proceed, on the policy's conditions.
     *
     * @param obligations what the gateway must enforce; {@link Obligations#NONE} for a plain allow
     */
    record Allow(List<Reason> reasons, Obligations obligations) implements PolicyDecision {
        public Allow {
            reasons = List.copyOf(reasons);
            Objects.requireNonNull(obligations, "obligations");
        }

        /** A plain allow, without obligations. */
        public Allow(List<Reason> reasons) {
            this(reasons, Obligations.NONE);
        }
    }

    /**
     * The call must not proceed.
     *
     * @param httpStatus status the gateway should answer with; 0 when the policy gave none
     */
    record Deny(List<Reason> reasons, int httpStatus) implements PolicyDecision {
        public Deny {
            reasons = List.copyOf(reasons);
        }
    }
}
