package io.llmgw.authz;

import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.ListAllowedModelsRequest;
import io.llmgw.authz.v1.ModelResolution;
import io.llmgw.authz.v1.Operation;
import io.llmgw.authz.v1.Principal;
import java.util.List;

/** Requests of the original report's scenario, for tests. */
public final class Requests {

    public static final String ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct";
    public static final String UPSTREAM = "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16";

    private Requests() {}

    public static Principal principal(String... keyModels) {
        return Principal.newBuilder().setKeyId("key-1").addAllKeyModels(List.of(keyModels))
                .putMetadata("email", "dev@example.com").putMetadata("env", "test").build();
    }

    public static ModelResolution qwen() {
        return ModelResolution.newBuilder().setRequested(ALIAS).setResolved(UPSTREAM).setProvider("mock")
                .setDeployment("qwen-1").build();
    }

    public static CheckRequest check(String... keyModels) {
        return CheckRequest.newBuilder()
                .setPrincipal(principal(keyModels))
                .setModel(qwen())
                .setOperation(Operation.newBuilder().setEndpoint("chat.completions").setMethod("POST")
                        .setPath("/v1/chat/completions"))
                .build();
    }

    public static ListAllowedModelsRequest listing(String... keyModels) {
        return ListAllowedModelsRequest.newBuilder()
                .setPrincipal(principal(keyModels))
                .addModels(qwen())
                .addModels(ModelResolution.newBuilder().setRequested("gpt-4o-mini").setResolved("gpt-4o-mini-2024-07-18"))
                .addModels(qwen().toBuilder().setRequested("qwen-hidden").setHidden(true))
                .setOperation(Operation.newBuilder().setEndpoint("models.list").setMethod("GET").setPath("/v1/models"))
                .build();
    }
}
