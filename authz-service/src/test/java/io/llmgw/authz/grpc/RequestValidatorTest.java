package io.llmgw.authz.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.llmgw.authz.v1.CandidateDeployment;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.ListAllowedModelsRequest;
import io.llmgw.authz.v1.ModelResolution;
import io.llmgw.authz.v1.Principal;
import io.llmgw.authz.v1.RequestInfo;
import io.llmgw.authz.v1.RequestParams;
import org.junit.jupiter.api.Test;

/** Each refusal names the field at fault, down to the list index; a valid request passes. */
class RequestValidatorTest {

    private static final String LONG = "x".repeat(RequestValidator.MAX_TEXT_CHARS + 1);

    private static ModelResolution.Builder model() {
        return ModelResolution.newBuilder().setRequested("m").setResolved("m-1")
                .addCandidates(CandidateDeployment.newBuilder().setId("d1").addTags("eu"))
                .addCandidates(CandidateDeployment.newBuilder().setId("d2").addTags("us"));
    }

    private static CheckRequest.Builder check() {
        return CheckRequest.newBuilder().setPrincipal(Principal.newBuilder().setKeyId("k").addKeyModels("m"))
                .setModel(model());
    }

    private static String problem(CheckRequest.Builder request) {
        Status status = RequestValidator.validate(request.build());
        return status == null ? null : status.getDescription();
    }

    @Test
    void validate_wellFormedCheck_passes() {
        assertThat(problem(check())).isNull();
    }

    @Test
    void validate_candidateWithoutId_namesItsIndex() {
        var request = check().setModel(model().setCandidates(1, CandidateDeployment.newBuilder().setId(" ")));

        assertThat(problem(request)).isEqualTo("model.candidates[1].id must not be empty");
    }

    @Test
    void validate_candidateTagTooLong_namesCandidateAndTag() {
        var request = check().setModel(model().setCandidates(1,
                CandidateDeployment.newBuilder().setId("d2").addTags("eu").addTags(LONG)));

        assertThat(problem(request)).isEqualTo("model.candidates[1].tags[1] is longer than 4096 characters");
    }

    @Test
    void validate_grantTooLong_namesItsIndex() {
        var request = check().setPrincipal(Principal.newBuilder().setKeyId("k").addKeyModels("m").addKeyModels(LONG));

        assertThat(problem(request)).isEqualTo("principal.key_models[1] is longer than 4096 characters");
    }

    @Test
    void validate_toolNameTooLong_namesTheParam() {
        var request = check().setRequest(RequestInfo.newBuilder()
                .setParams(RequestParams.newBuilder().addToolNames("a").addToolNames("b").addToolNames(LONG)));

        assertThat(problem(request)).isEqualTo("request.params.tool_names[2] is longer than 4096 characters");
    }

    @Test
    void validate_headerTooLong_namesTheMap() {
        var request = check().setRequest(RequestInfo.newBuilder().putHeaders("x-project", LONG));

        assertThat(problem(request)).isEqualTo("request.headers has a key or value longer than 4096 characters");
    }

    @Test
    void validate_listingModelInvalid_namesItsIndex() {
        var request = ListAllowedModelsRequest.newBuilder()
                .setPrincipal(Principal.newBuilder().setKeyId("k"))
                .addModels(model()).addModels(model().setProvider(LONG)).build();

        assertThat(RequestValidator.validate(request).getDescription())
                .isEqualTo("models[1].provider is longer than 4096 characters");
    }
}
