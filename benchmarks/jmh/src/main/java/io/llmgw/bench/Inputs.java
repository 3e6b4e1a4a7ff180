package io.llmgw.bench;

import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.ModelResolution;
import io.llmgw.authz.v1.Operation;
import io.llmgw.authz.v1.Principal;
import io.llmgw.authz.v1.RequestInfo;

/** The inputs every benchmark uses: the original report's alias, as the gateway sends it. */
final class Inputs {

    static final String ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct";
    static final String UPSTREAM = "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16";

    private Inputs() {}

    /** A full Check request from a key granted {@code grant}. */
    static CheckRequest check(String grant) {
        return CheckRequest.newBuilder()
                .setPrincipal(Principal.newBuilder().setKeyId("bench-key").setTeamId("").addKeyModels(grant)
                        .putMetadata("env", "bench"))
                .setModel(ModelResolution.newBuilder().setRequested(ALIAS).setResolved(UPSTREAM).setDeployment("qwen-1")
                        .setProvider("mock"))
                .setOperation(Operation.newBuilder().setEndpoint("chat.completions").setMethod("POST")
                        .setPath("/v1/chat/completions"))
                .setRequest(RequestInfo.newBuilder().setRequestId("req-1").setClientAddress("127.0.0.1"))
                .build();
    }

    /** The policy input document the service builds for {@link #check(String)}. */
    static String checkInput(String grant) {
        return """
                {"principal": {"key_id": "bench-key", "team_id": "", "user_id": "", "key_models": ["%s"],
                               "team_models": [], "metadata": {"env": "bench"}},
                 "model": {"requested": "%s", "resolved": "%s", "deployment": "qwen-1", "provider": "mock",
                           "access_groups": [], "tags": [], "hidden": false},
                 "operation": {"endpoint": "chat.completions", "method": "POST", "path": "/v1/chat/completions",
                               "stream": false},
                 "request": {"request_id": "req-1", "time": "", "client_address": "127.0.0.1"}}"""
                .formatted(grant, ALIAS, UPSTREAM);
    }
}
