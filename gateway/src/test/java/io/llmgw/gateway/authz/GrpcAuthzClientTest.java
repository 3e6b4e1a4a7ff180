package io.llmgw.gateway.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import io.llmgw.authz.v1.ListAllowedModelsRequest;
import io.llmgw.authz.v1.ListAllowedModelsResponse;
import io.llmgw.authz.v1.Reason;
import io.llmgw.gateway.keys.Principal;
import io.llmgw.gateway.models.Deployment;
import io.llmgw.gateway.models.ModelResolution;
import io.llmgw.gateway.models.Secret;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC client: what it sends, one retry on UNAVAILABLE within the deadline, fail closed otherwise. */
class GrpcAuthzClientTest {

    private static final Principal PRINCIPAL = new Principal("k1", "t1", "u1", List.of("alias"), List.of("team-m"),
            Map.of("env", "prod"));
    private static final ModelResolution MODEL = new ModelResolution("alias", "upstream-v1", new Deployment("dep-1",
            "mock", "upstream-v1", Optional.empty(), Secret.NONE, List.of("g1"), List.of("t"), Optional.empty(),
            Optional.empty()), true);
    private static final Operation OPERATION = new Operation("chat.completions", "POST", "/v1/chat/completions", true);
    private static final RequestInfo REQUEST = new RequestInfo("r-1", Instant.parse("2026-11-15T12:00:00Z"), "10.0.0.9");

    /** Answers from a script: a status to fail with, or a response. */
    private final Deque<Object> script = new ConcurrentLinkedDeque<>();
    private final List<Object> received = new CopyOnWriteArrayList<>();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(new Scripted()).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    private GrpcAuthzClient client(Duration deadline) {
        return new GrpcAuthzClient(channel, deadline, Duration.ofSeconds(1));
    }

    @Test
    void check_sendsPrincipalResolutionOperationAndRequest() {
        script.add(CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).setDecisionId("d1").build());

        var decision = client(Duration.ofSeconds(1)).check(PRINCIPAL, MODEL, OPERATION, REQUEST);

        assertThat(decision).isEqualTo(new AccessDecision.Allowed("d1"));
        var sent = (CheckRequest) received.getFirst();
        assertThat(sent.getPrincipal().getKeyId()).isEqualTo("k1");
        assertThat(sent.getPrincipal().getTeamModelsList()).containsExactly("team-m");
        assertThat(sent.getPrincipal().getMetadataMap()).containsEntry("env", "prod");
        assertThat(sent.getModel().getRequested()).isEqualTo("alias");
        assertThat(sent.getModel().getResolved()).isEqualTo("upstream-v1");
        assertThat(sent.getModel().getDeployment()).isEqualTo("dep-1");
        assertThat(sent.getModel().getAccessGroupsList()).containsExactly("g1");
        assertThat(sent.getModel().getHidden()).isTrue();
        assertThat(sent.getOperation().getStream()).isTrue();
        assertThat(sent.getRequest().getClientAddress()).isEqualTo("10.0.0.9");
    }

    @Test
    void check_deny_statusCodeAndMessageFromFirstReason() {
        script.add(CheckResponse.newBuilder().setDecision(Decision.DECISION_DENY).setHttpStatus(429)
                .addReasons(Reason.newBuilder().setCode("budget").setMessage("Budget spent."))
                .addReasons(Reason.newBuilder().setCode("other").setMessage("ignored")).build());

        assertThat(client(Duration.ofSeconds(1)).check(PRINCIPAL, MODEL, OPERATION, REQUEST))
                .isEqualTo(new AccessDecision.Denied(429, "budget", "Budget spent.", ""));
    }

    @Test
    void check_denyWithoutStatusOrReason_403AccessDenied() {
        script.add(CheckResponse.newBuilder().setDecision(Decision.DECISION_DENY).build());

        var denied = (AccessDecision.Denied) client(Duration.ofSeconds(1)).check(PRINCIPAL, MODEL, OPERATION, REQUEST);

        assertThat(denied.httpStatus()).isEqualTo(403);
        assertThat(denied.code()).isEqualTo("access_denied");
    }

    @Test
    void check_unspecifiedDecision_unavailableNeverAllow() {
        script.add(CheckResponse.getDefaultInstance());

        assertThatThrownBy(() -> client(Duration.ofSeconds(1)).check(PRINCIPAL, MODEL, OPERATION, REQUEST))
                .isInstanceOf(AuthzUnavailableException.class).hasMessageContaining("malformed decision");
    }

    @Test
    void check_unavailableOnce_retriedAndAnswered() {
        script.add(Status.UNAVAILABLE);
        script.add(CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).build());

        assertThat(client(Duration.ofSeconds(1)).check(PRINCIPAL, MODEL, OPERATION, REQUEST))
                .isInstanceOf(AccessDecision.Allowed.class);
        assertThat(received).hasSize(2);
    }

    @Test
    void check_unavailableTwice_noThirdAttempt() {
        script.add(Status.UNAVAILABLE);
        script.add(Status.UNAVAILABLE);
        script.add(CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).build());

        assertThatThrownBy(() -> client(Duration.ofSeconds(1)).check(PRINCIPAL, MODEL, OPERATION, REQUEST))
                .isInstanceOf(AuthzUnavailableException.class).hasMessageContaining("after one retry");
        assertThat(received).hasSize(2);
    }

    @Test
    void check_otherError_notRetried() {
        script.add(Status.INTERNAL);
        script.add(CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).build());

        assertThatThrownBy(() -> client(Duration.ofSeconds(1)).check(PRINCIPAL, MODEL, OPERATION, REQUEST))
                .isInstanceOf(AuthzUnavailableException.class);
        assertThat(received).hasSize(1);
    }

    @Test
    void check_slowerThanDeadline_unavailable() {
        script.add(Duration.ofMillis(300));
        script.add(CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).build());

        assertThatThrownBy(() -> client(Duration.ofMillis(50)).check(PRINCIPAL, MODEL, OPERATION, REQUEST))
                .isInstanceOf(AuthzUnavailableException.class).hasMessageContaining("DEADLINE_EXCEEDED");
    }

    @Test
    void listAllowed_sendsCandidatesReturnsNames() {
        script.add(ListAllowedModelsResponse.newBuilder().addModels("alias").build());

        var allowed = client(Duration.ofSeconds(1)).listAllowed(PRINCIPAL, List.of(MODEL), OPERATION, REQUEST);

        assertThat(allowed).containsExactly("alias");
        assertThat(((ListAllowedModelsRequest) received.getFirst()).getModelsList()).hasSize(1);
    }

    @Test
    void listAllowed_unimplemented_unavailable() {
        script.add(Status.UNIMPLEMENTED);

        assertThatThrownBy(() -> client(Duration.ofSeconds(1)).listAllowed(PRINCIPAL, List.of(MODEL), OPERATION, REQUEST))
                .isInstanceOf(AuthzUnavailableException.class).hasMessageContaining("UNIMPLEMENTED");
    }

    private final class Scripted extends AuthorizationServiceGrpc.AuthorizationServiceImplBase {

        @Override
        public void check(CheckRequest request, StreamObserver<CheckResponse> responses) {
            answer(request, responses);
        }

        @Override
        public void listAllowedModels(ListAllowedModelsRequest request,
                StreamObserver<ListAllowedModelsResponse> responses) {
            answer(request, responses);
        }

        @SuppressWarnings("unchecked")
        private <T> void answer(Object request, StreamObserver<T> responses) {
            received.add(request);
            Object next = script.poll();
            if (next instanceof Duration delay) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                next = script.poll();
            }
            if (next instanceof Status status) {
                responses.onError(status.asRuntimeException());
            } else {
                responses.onNext((T) next);
                responses.onCompleted();
            }
        }
    }
}
