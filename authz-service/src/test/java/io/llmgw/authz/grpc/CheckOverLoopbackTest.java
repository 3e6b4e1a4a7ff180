package io.llmgw.authz.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.llmgw.authz.policy.PolicyBundle;
import io.llmgw.authz.policy.WasmPolicyEngine;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.CheckResponse;
import io.llmgw.authz.v1.Decision;
import io.llmgw.authz.v1.ModelResolution;
import io.llmgw.authz.v1.Operation;
import io.llmgw.authz.v1.Principal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The freshly built policy bundle, served over real gRPC on loopback. */
class CheckOverLoopbackTest {

    private static final String ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct";
    private static final String UPSTREAM = "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16";

    private static Server server;
    private static ManagedChannel channel;
    private static PolicyBundle bundle;

    @BeforeAll
    static void start() throws Exception {
        bundle = PolicyBundle.read(Path.of(System.getProperty("llmgw.policy.bundle")));
        var engine = new WasmPolicyEngine(bundle, "llmgw/authz/decision", 2, 0);
        server = AuthzServer.configure(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), engine)
                .build()
                .start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static AuthorizationServiceGrpc.AuthorizationServiceBlockingStub stub() {
        return AuthorizationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private static CheckRequest request(String... keyModels) {
        return CheckRequest.newBuilder()
                .setPrincipal(Principal.newBuilder().setKeyId("key-1").addAllKeyModels(java.util.List.of(keyModels)))
                .setModel(ModelResolution.newBuilder().setRequested(ALIAS).setResolved(UPSTREAM).setProvider("mock"))
                .setOperation(Operation.newBuilder().setEndpoint("chat.completions").setMethod("POST"))
                .build();
    }

    @Test
    void check_aliasGrantedKey_allowsResolvedModel() {
        CheckResponse response = stub().check(request(ALIAS));

        assertThat(response.getDecision()).isEqualTo(Decision.DECISION_ALLOW);
        assertThat(response.getReasonsList()).isEmpty();
        assertThat(response.getPolicyRevision()).isEqualTo(bundle.revision()).isNotEmpty();
        assertThat(response.getDecisionId()).isNotEmpty();
    }

    @Test
    void check_keyGrantedOtherModel_deniesNamingRequestedAlias() {
        CheckResponse response = stub().check(request("gpt-4o"));

        assertThat(response.getDecision()).isEqualTo(Decision.DECISION_DENY);
        assertThat(response.getHttpStatus()).isEqualTo(403);
        assertThat(response.getReasons(0).getCode()).isEqualTo("key_model_access_denied");
        assertThat(response.getReasons(0).getMessage()).endsWith("Tried to access " + ALIAS).doesNotContain(UPSTREAM);
    }

    @Test
    void check_missingPrincipal_isInvalidArgumentNamingField() {
        CheckRequest noPrincipal = request(ALIAS).toBuilder().clearPrincipal().build();

        assertThatThrownBy(() -> stub().check(noPrincipal))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("principal");
                });
    }
}
