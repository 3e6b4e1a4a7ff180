package io.llmgw.authz.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.llmgw.authz.Requests;
import io.llmgw.authz.audit.DecisionEvent;
import io.llmgw.authz.audit.DecisionLog;
import io.llmgw.authz.observe.AuthzMetrics;
import io.llmgw.authz.policy.Entrypoints;
import io.llmgw.authz.policy.Evaluation;
import io.llmgw.authz.policy.Listing;
import io.llmgw.authz.policy.PolicyDecision;
import io.llmgw.authz.policy.PolicyEngine;
import io.llmgw.authz.policy.PolicyUnavailableException;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The adapter alone, with a fake engine: what is evaluated, logged and answered. */
class AuthorizationServiceTest {

    private final AtomicInteger evaluations = new AtomicInteger();
    private final List<DecisionEvent> logged = new ArrayList<>();
    private boolean policyLoaded = true;

    private final PolicyEngine engine = new PolicyEngine() {
        @Override
        public Evaluation evaluate(JsonNode input) {
            evaluations.incrementAndGet();
            if (!policyLoaded) {
                throw new PolicyUnavailableException("no bundle");
            }
            return new Evaluation(new PolicyDecision.Allow(List.of()), "rev", Duration.ofNanos(10));
        }

        @Override
        public Listing listAllowed(JsonNode input) {
            evaluations.incrementAndGet();
            return new Listing(List.of("a", "b", "a"), "rev", Duration.ofNanos(10), true);
        }

        @Override
        public String revision() {
            return "rev";
        }

        @Override
        public void close() {}
    };

    private final DecisionLog log = new DecisionLog() {
        @Override
        public void record(DecisionEvent event) {
            logged.add(event);
        }

        @Override
        public long dropped() {
            return 0;
        }

        @Override
        public void close() {}
    };

    private final AuthorizationService service =
            new AuthorizationService(engine, Entrypoints.DEFAULT, log, new AuthzMetrics(() -> 0));

    @Test
    void check_cancelledBeforeEvaluation_notEvaluatedNotLoggedCancelled() {
        var observer = new Recorder<CheckResponse>();
        Context.CancellableContext context = Context.current().withCancellation();
        context.cancel(null);

        context.run(() -> service.check(Requests.check(Requests.ALIAS), observer));

        assertThat(observer.error.getCode()).isEqualTo(Status.Code.CANCELLED);
        assertThat(evaluations).hasValue(0);
        assertThat(logged).isEmpty();
    }

    @Test
    void check_invalidRequest_notEvaluatedNotLogged() {
        var observer = new Recorder<CheckResponse>();

        service.check(Requests.check(Requests.ALIAS).toBuilder().clearModel().build(), observer);

        assertThat(observer.error.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(evaluations).hasValue(0);
        assertThat(logged).isEmpty();
    }

    @Test
    void check_noPolicyLoaded_unavailableAndNothingLogged() {
        policyLoaded = false;
        var observer = new Recorder<CheckResponse>();

        service.check(Requests.check(Requests.ALIAS), observer);

        assertThat(observer.error.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(observer.error.getDescription()).startsWith("policy_unavailable");
        assertThat(logged).isEmpty();
    }

    @Test
    void check_allowed_loggedWithTheReturnedDecisionId() {
        var observer = new Recorder<CheckResponse>();

        service.check(Requests.check(Requests.ALIAS), observer);

        assertThat(observer.value.getDecision()).isEqualTo(Decision.DECISION_ALLOW);
        assertThat(logged).singleElement().satisfies(e -> {
            assertThat(e.decisionId()).isEqualTo(observer.value.getDecisionId());
            assertThat(e.path()).isEqualTo("llmgw/authz/decision");
            assertThat(e.result().path("allow").asBoolean()).isTrue();
            assertThat(e.input().path("model").path("requested").asText()).isEqualTo(Requests.ALIAS);
        });
    }

    @Test
    void listAllowedModels_duplicateNames_returnedOnceInPolicyOrder() {
        var observer = new Recorder<io.llmgw.authz.v1.ListAllowedModelsResponse>();

        service.listAllowedModels(Requests.listing(Requests.ALIAS), observer);

        assertThat(observer.value.getModelsList()).containsExactly("a", "b");
        assertThat(logged).singleElement().satisfies(e -> assertThat(e.path()).isEqualTo("llmgw/authz/allowed_models"));
    }

    private static final class Recorder<T> implements StreamObserver<T> {
        T value;
        Status error;

        @Override
        public void onNext(T v) {
            value = v;
        }

        @Override
        public void onError(Throwable t) {
            error = Status.fromThrowable(t);
        }

        @Override
        public void onCompleted() {}
    }
}
