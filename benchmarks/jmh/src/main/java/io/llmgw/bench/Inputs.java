package io.llmgw.bench;

import com.google.protobuf.Timestamp;
import io.llmgw.authz.v1.CandidateDeployment;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.ModelResolution;
import io.llmgw.authz.v1.Operation;
import io.llmgw.authz.v1.Principal;
import io.llmgw.authz.v1.RequestInfo;
import io.llmgw.authz.v1.RequestParams;
import java.time.Instant;

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

    /**
     * The Check a gateway sends since policies see the request, for a key granted {@code grant}:
     * the call's normalized parameters (an output-token limit, a stream, temperature, response
     * format, reasoning effort, input size), an allow-listed header, key, team and user, the
     * team's metadata, and the name's two candidate deployments. The key is in the shipped
     * settings' {@code demo-limited} team (token cap, rate limit) and labelled {@code region: eu}
     * (residency), so the allow carries deployments, max_output_tokens and rate_limits
     * obligations. It offers no tools: that team may not use them, and a call with tools would be
     * a deny without obligations.
     */
    static CheckRequest richCheck(String grant) {
        CandidateDeployment.Builder eu = CandidateDeployment.newBuilder().setId("qwen-eu-1").setProvider("hosted_vllm")
                .setResolved(UPSTREAM).addAccessGroups("coding").addTags("eu");
        CandidateDeployment.Builder us = CandidateDeployment.newBuilder().setId("qwen-us-1").setProvider("hosted_vllm")
                .setResolved(UPSTREAM).addAccessGroups("coding").addTags("us");
        Instant now = Instant.now();
        return CheckRequest.newBuilder()
                .setPrincipal(Principal.newBuilder().setKeyId("bench-key").setTeamId("demo-limited")
                        .setUserId("bench-user").addKeyModels(grant).addTeamModels("*").putMetadata("env", "bench")
                        .putMetadata("region", "eu").putTeamMetadata("cost_center", "cc-42")
                        .putTeamMetadata("tier", "limited"))
                .setModel(ModelResolution.newBuilder().setRequested(ALIAS).setResolved(UPSTREAM).setDeployment("qwen-us-1")
                        .setProvider("hosted_vllm").addAccessGroups("coding").addTags("us").addCandidates(eu)
                        .addCandidates(us))
                .setOperation(Operation.newBuilder().setEndpoint("chat.completions").setMethod("POST")
                        .setPath("/v1/chat/completions").setStream(true))
                .setRequest(RequestInfo.newBuilder().setRequestId("req-1").setClientAddress("127.0.0.1")
                        .setTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                        .putHeaders("x-project", "apollo")
                        .setParams(RequestParams.newBuilder().setMaxOutputTokens(4000).setN(1).setStream(true)
                                .setTemperature(0.7).setToolChoice("none").setResponseFormat("json_object")
                                .setReasoningEffort("low").setInputBytes(2048)))
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

    /**
     * The policy input document the service builds for {@link #richCheck(String)} (its clock at
     * Wednesday 06:00 UTC, inside no office hours the shipped settings name).
     */
    static String richCheckInput(String grant) {
        return """
                {"principal": {"key_id": "bench-key", "team_id": "demo-limited", "user_id": "bench-user",
                               "key_models": ["%s"], "team_models": ["*"],
                               "metadata": {"env": "bench", "region": "eu"},
                               "team_metadata": {"cost_center": "cc-42", "tier": "limited"}},
                 "model": {"requested": "%s", "resolved": "%s", "deployment": "qwen-us-1", "provider": "hosted_vllm",
                           "access_groups": ["coding"], "tags": ["us"], "hidden": false,
                           "candidates": [
                             {"id": "qwen-eu-1", "provider": "hosted_vllm", "resolved": "%3$s",
                              "access_groups": ["coding"], "tags": ["eu"]},
                             {"id": "qwen-us-1", "provider": "hosted_vllm", "resolved": "%3$s",
                              "access_groups": ["coding"], "tags": ["us"]}]},
                 "operation": {"endpoint": "chat.completions", "method": "POST", "path": "/v1/chat/completions",
                               "stream": true},
                 "request": {"request_id": "req-1", "time": "2026-12-02T06:00:00Z", "client_address": "127.0.0.1",
                             "headers": {"x-project": "apollo"},
                             "params": {"max_output_tokens": 4000, "n": 1, "stream": true, "temperature": 0.7,
                                        "tool_choice": "none", "tool_count": 0, "response_format": "json_object",
                                        "reasoning_effort": "low", "input_bytes": 2048, "has_images": false},
                             "clock": {"weekday": 3, "hour": 6}}}"""
                .formatted(grant, ALIAS, UPSTREAM);
    }
}
