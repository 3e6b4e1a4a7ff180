package io.llmgw.gateway.testing;

import io.llmgw.gateway.authz.AccessDecision;
import io.llmgw.gateway.authz.AuthzClient;
import io.llmgw.gateway.authz.AuthzUnavailableException;
import io.llmgw.gateway.authz.Operation;
import io.llmgw.gateway.authz.RequestInfo;
import io.llmgw.gateway.keys.Principal;
import io.llmgw.gateway.models.ModelResolution;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An {@link AuthzClient} for route tests: allows exactly the requested names a key grants
 * (like the real policy), unless told to deny or to be unavailable, and records every question.
 */
public final class FakeAuthz implements AuthzClient {

    /** One question asked, as the gateway put it. */
    public record Asked(Principal principal, List<ModelResolution> models, Operation operation, RequestInfo request) {}

    private final List<Asked> asked = new CopyOnWriteArrayList<>();
    /** Null: decide by the key's grants. */
    private volatile Function<ModelResolution, AccessDecision> override;
    private volatile boolean available = true;

    @Override
    public AccessDecision check(Principal principal, ModelResolution model, Operation operation, RequestInfo request) {
        asked.add(new Asked(principal, List.of(model), operation, request));
        requireAvailable();
        Function<ModelResolution, AccessDecision> decide = override;
        if (decide != null) {
            return decide.apply(model);
        }
        return granted(principal, model) ? new AccessDecision.Allowed("d-allow")
                : new AccessDecision.Denied(403, "key_model_access_denied", "not granted: " + model.requested(),
                        "d-deny");
    }

    @Override
    public List<String> listAllowed(Principal principal, List<ModelResolution> candidates, Operation operation,
            RequestInfo request) {
        asked.add(new Asked(principal, candidates, operation, request));
        requireAvailable();
        return candidates.stream().filter(c -> !c.hidden() && granted(principal, c)).map(ModelResolution::requested)
                .toList();
    }

    @Override
    public boolean serving() {
        return available;
    }

    /** Decides every check with {@code decision} from now on. */
    public void decideWith(Function<ModelResolution, AccessDecision> decision) {
        this.override = decision;
    }

    /** Back to allowing what the key grants. */
    public void reset() {
        available = true;
        asked.clear();
        override = null;
    }

    /** Makes every question fail as if the authz-service were down. */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    /** The questions asked since the last reset. */
    public List<Asked> asked() {
        return List.copyOf(asked);
    }

    private void requireAvailable() {
        if (!available) {
            throw new AuthzUnavailableException("fake authz is down", null);
        }
    }

    private static boolean granted(Principal principal, ModelResolution model) {
        return principal.keyModels().contains("*") || principal.keyModels().contains(model.requested())
                || principal.teamModels().contains(model.requested());
    }
}
