package io.llmgw.authz.grpc;

import static io.llmgw.authz.Requests.ALIAS;
import static io.llmgw.authz.Requests.UPSTREAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.llmgw.authz.AuthzApplication;
import io.llmgw.authz.Requests;
import io.llmgw.authz.TestConfigs;
import io.llmgw.authz.policy.PolicyBundle;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import io.llmgw.authz.v1.ListAllowedModelsRequest;
import io.llmgw.authz.v1.ModelResolution;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service as Main starts it, with the freshly built bundle, over real gRPC on loopback. */
class AuthorizationOverLoopbackTest {

    @TempDir
    static Path dir;

    private static AuthzApplication app;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        app = AuthzApplication.start(TestConfigs.wasm(TestConfigs.builtBundle(), dir.resolve("decisions.log"), List.of()));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", app.port()).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        app.close();
    }

    private static AuthorizationServiceGrpc.AuthorizationServiceBlockingStub stub() {
        return AuthorizationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    @Test
    void check_aliasGrantedKey_allowsResolvedModel() {
        CheckResponse response = stub().check(Requests.check(ALIAS));

        assertThat(response.getDecision()).isEqualTo(Decision.DECISION_ALLOW);
        assertThat(response.getReasonsList()).isEmpty();
        assertThat(response.getPolicyRevision()).isEqualTo(PolicyBundle.read(TestConfigs.builtBundle()).revision());
        assertThat(response.getDecisionId()).isNotEmpty();
        assertThat(response.hasEvaluationTime()).isTrue();
    }

    @Test
    void check_keyGrantedOtherModel_deniesNamingRequestedAlias() {
        CheckResponse response = stub().check(Requests.check("gpt-4o-mini"));

        assertThat(response.getDecision()).isEqualTo(Decision.DECISION_DENY);
        assertThat(response.getHttpStatus()).isEqualTo(403);
        assertThat(response.getReasons(0).getCode()).isEqualTo("key_model_access_denied");
        assertThat(response.getReasons(0).getMessage()).endsWith("Tried to access " + ALIAS).doesNotContain(UPSTREAM);
    }

    @Test
    void listAllowedModels_aliasGrantedKey_listsAliasButNotHiddenOrOthers() {
        var response = stub().listAllowedModels(Requests.listing(ALIAS, "qwen-hidden"));

        assertThat(response.getModelsList()).containsExactly(ALIAS);
        assertThat(response.getDecisionId()).isNotEmpty();
        assertThat(response.getPolicyRevision()).isNotEmpty();
    }

    @Test
    void check_invalidRequests_areInvalidArgumentNamingTheField() {
        CheckRequest valid = Requests.check(ALIAS);
        assertInvalid(() -> stub().check(valid.toBuilder().clearPrincipal().build()), "principal is required");
        assertInvalid(() -> stub().check(valid.toBuilder().setPrincipal(valid.getPrincipal().toBuilder().setKeyId(" "))
                .build()), "principal.key_id");
        assertInvalid(() -> stub().check(valid.toBuilder().clearModel().build()), "model is required");
        assertInvalid(() -> stub().check(valid.toBuilder().setModel(valid.getModel().toBuilder().setRequested(""))
                .build()), "model.requested");
        assertInvalid(() -> stub().check(valid.toBuilder().setModel(valid.getModel().toBuilder().setResolved(""))
                .build()), "model.resolved");
    }

    @Test
    void listAllowedModels_invalidCandidate_isInvalidArgumentNamingItsIndex() {
        ListAllowedModelsRequest request = Requests.listing(ALIAS).toBuilder()
                .addModels(ModelResolution.newBuilder().setRequested("x")).build();

        assertInvalid(() -> stub().listAllowedModels(request), "models[3].resolved");
    }

    @Test
    void check_oversizedRequest_isResourceExhausted() {
        CheckRequest huge = Requests.check(ALIAS).toBuilder()
                .setPrincipal(Requests.principal(ALIAS).toBuilder().putMetadata("blob", "x".repeat(100_000))).build();

        assertThatThrownBy(() -> stub().check(huge)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    }

    @Test
    void check_bytesThatAreNotAMessage_invalidArgumentAndServiceGoesOn() {
        byte[] valid = Requests.check(ALIAS).toByteArray();
        byte[][] malformed = {
            {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
            Arrays.copyOf(valid, valid.length - 3),
            {0x0a, 0x04, 0x0a, 0x02, (byte) 0xc3, 0x28}, // principal.key_id of invalid UTF-8
        };
        for (byte[] bytes : malformed) {
            assertInvalid(() -> rawCheck(bytes), "not a valid message for llmgw.authz.v1.AuthorizationService/Check");
        }

        assertThat(stub().check(Requests.check(ALIAS)).getDecision()).isEqualTo(Decision.DECISION_ALLOW);
    }

    @Test
    void check_tooManyGrants_invalidArgumentNamingTheField() {
        List<String> grants = Collections.nCopies(RequestValidator.MAX_ENTRIES + 1, "m");
        CheckRequest request = Requests.check(ALIAS).toBuilder()
                .setPrincipal(Requests.principal(ALIAS).toBuilder().addAllKeyModels(grants)).build();

        assertInvalid(() -> stub().check(request), "principal.key_models has 1002 entries, at most 1000");
    }

    @Test
    void check_overlongName_invalidArgumentNamingTheField() {
        CheckRequest request = Requests.check(ALIAS).toBuilder().setModel(Requests.qwen().toBuilder()
                .setRequested("q".repeat(RequestValidator.MAX_TEXT_CHARS + 1))).build();

        assertInvalid(() -> stub().check(request), "model.requested is longer than 4096 characters");
    }

    @Test
    void health_bundleLoaded_servingOverallAndForTheService() {
        var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);

        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService(AuthorizationServiceGrpc.SERVICE_NAME).build())
                .getStatus()).isEqualTo(ServingStatus.SERVING);
    }

    /** Check with {@code bytes} as the request message, whatever they are. */
    private static byte[] rawCheck(byte[] bytes) {
        var method = AuthorizationServiceGrpc.getCheckMethod().toBuilder(RAW, RAW).build();
        return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
                bytes);
    }

    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static void assertInvalid(Runnable call, String fieldMessage) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains(fieldMessage);
        });
    }
}
