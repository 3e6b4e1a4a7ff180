package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.authz.AccessDecision;
import io.llmgw.gateway.testing.FakeAuthz;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.testing.RouteRecorder;
import io.llmgw.gateway.upstream.MockProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one choke point, proven over every route the gateway registers rather than a list of
 * known ones: the routing builder the production routes are registered on records each route,
 * and every path pattern is called with every method and a body any model endpoint accepts.
 * A request that reaches the upstream must have been served by the {@link ModelCallGate}, must
 * have been checked exactly once, and must call the model that was checked; a gated route must
 * call nothing on a deny, an authz outage or a missing key; and no query parameter, header or
 * extra body field changes the model. A route added any other way fails here.
 */
@ServerTest
class ChokePointRoutesTest {

    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.standard();
    private static final FakeAuthz AUTHZ = GATEWAY.authz();
    private static final MockProvider MOCK = GATEWAY.mock();
    private static final RouteRecorder ROUTES = new RouteRecorder();
    private static final String MODEL = "gpt-4o-mini";
    private static final String UPSTREAM_MODEL = "gpt-4o-mini-2024-07-18";
    /** Another model the catalog knows, which a bypass might be steered to. */
    private static final String OTHER = "team-model";
    private static final List<Method> METHODS = List.of(Method.GET, Method.POST, Method.PUT, Method.PATCH,
            Method.DELETE);
    private static final Pattern PARAMETER = Pattern.compile("\\{\\+?[^}]*}");

    private final Http1Client client;

    ChokePointRoutesTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(ROUTES.wrap(routing));
    }

    @BeforeEach
    void reset() {
        ROUTES.clearServed();
    }

    @Test
    void everyRoute_isRegisteredWithAPath() {
        assertThat(ROUTES.routes()).isNotEmpty().allSatisfy(route -> assertThat(route.path())
                .as("%s registered without a path pattern", route.builderMethod()).isNotNull());
    }

    @Test
    void everyCallRoute_isServedByTheGateAtEachOfItsPaths() {
        for (CallRoute route : GatewayRoutes.callRoutes()) {
            for (String path : route.paths()) {
                assertThat(ROUTES.routes()).as(path)
                        .anyMatch(r -> path.equals(r.path()) && r.handler() instanceof ModelCallGate.Gated gated
                                && gated.route() == route);
            }
        }
        assertThat(gatedPaths()).contains("/v1/chat/completions", "/chat/completions", "/v1/completions",
                "/v1/embeddings", "/v1/responses", "/responses", "/v1/messages", "/messages",
                "/v1/messages/count_tokens");
    }

    @Test
    void everyRegisteredRouteAndMethod_reachesTheUpstreamOnlyThroughTheGate_checkedOnce_withTheCheckedModel() {
        int reached = 0;
        for (String path : concretePaths()) {
            for (Method method : METHODS) {
                AUTHZ.reset();
                ROUTES.clearServed();
                long before = MOCK.calls();

                send(method, path, "sk-all", universalBody(MODEL), Map.of());

                if (MOCK.calls() == before) {
                    continue;
                }
                reached++;
                String request = method.text() + " " + path;
                assertThat(MOCK.calls()).as(request).isEqualTo(before + 1);
                assertThat(ROUTES.served()).as(request + " served by").isNotEmpty()
                        .allSatisfy(r -> assertThat(r.handler()).as(request).isInstanceOf(ModelCallGate.Gated.class));
                assertThat(AUTHZ.asked()).as(request + " checks").hasSize(1);
                var checked = AUTHZ.asked().getFirst().models().getFirst();
                assertThat(checked.requested()).as(request).isEqualTo(MODEL);
                assertThat(MOCK.lastCall().model()).as(request).isEqualTo(checked.resolved()).isEqualTo(UPSTREAM_MODEL);
            }
        }
        // Not vacuous: each gated path reached the upstream with POST.
        assertThat(reached).isEqualTo(gatedPaths().size());
    }

    @Test
    void gatedRoutes_deny_nothingCalled_policyAnswerInTheRoutesShape() {
        AUTHZ.decideWith(m -> new AccessDecision.Denied(403, "key_model_access_denied", "not for you: "
                + m.requested(), "d-1"));
        for (var gated : gatedRoutes()) {
            long before = MOCK.calls();

            var response = send(Method.POST, gated.path, "sk-all", universalBody(MODEL), Map.of());

            assertThat(response.status().code()).as(gated.path).isEqualTo(403);
            assertThat(MOCK.calls()).as(gated.path).isEqualTo(before);
            assertThat(errorMessage(response, gated.api)).as(gated.path).isEqualTo("not for you: " + MODEL);
        }
    }

    @Test
    void gatedRoutes_authzDown_503NothingCalled() {
        AUTHZ.setAvailable(false);
        for (var gated : gatedRoutes()) {
            long before = MOCK.calls();

            var response = send(Method.POST, gated.path, "sk-all", universalBody(MODEL), Map.of());

            assertThat(response.status().code()).as(gated.path).isEqualTo(503);
            assertThat(MOCK.calls()).as(gated.path).isEqualTo(before);
        }
    }

    @Test
    void gatedRoutes_noKey_401NothingAsked() {
        for (var gated : gatedRoutes()) {
            long before = MOCK.calls();

            var response = send(Method.POST, gated.path, null, universalBody(MODEL), Map.of());

            assertThat(response.status().code()).as(gated.path).isEqualTo(401);
            assertThat(MOCK.calls()).as(gated.path).isEqualTo(before);
        }
        assertThat(AUTHZ.asked()).isEmpty();
    }

    @Test
    void gatedRoutes_modelInQueryHeadersOrExtraFields_neitherCheckedNorCalled() {
        String body = universalBody(MODEL).replaceFirst("}$", ", \"deployment\": \"pool-a\", \"model_name\": \""
                + OTHER + "\", \"litellm_params\": {\"model\": \"mock/evil\"}, \"metadata\": {\"model\": \"" + OTHER
                + "\"}}");
        Map<String, String> headers = Map.of("x-model", OTHER, "model", OTHER, "x-litellm-model", OTHER,
                "anthropic-model", OTHER, "x-deployment-id", "pool-a");
        for (var gated : gatedRoutes()) {
            AUTHZ.reset();

            var response = send(Method.POST, gated.path + "?model=" + OTHER + "&deployment=pool-a", "sk-all", body,
                    headers);

            assertThat(response.status().code()).as(gated.path).isEqualTo(200);
            assertThat(AUTHZ.asked()).as(gated.path).hasSize(1);
            assertThat(AUTHZ.asked().getFirst().models().getFirst().requested()).as(gated.path).isEqualTo(MODEL);
            assertThat(MOCK.lastCall().model()).as(gated.path).isEqualTo(UPSTREAM_MODEL);
        }
    }

    /** A body every model endpoint accepts: each one's required fields. */
    private static String universalBody(String model) {
        return "{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}],"
                + " \"input\": \"Hello\", \"prompt\": \"Hello\", \"max_tokens\": 8}";
    }

    private ClientResponseTyped<String> send(Method method, String path, String key, String body,
            Map<String, String> headers) {
        int query = path.indexOf('?');
        // Azure OpenAI's routes require an api-version; every other route ignores the query.
        var request = client.method(method).path(query < 0 ? path : path.substring(0, query))
                .queryParam("api-version", "2024-10-21")
                .header(HeaderNames.CONTENT_TYPE, "application/json");
        if (query >= 0) {
            for (String pair : path.substring(query + 1).split("&")) {
                request.queryParam(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        if (key != null) {
            request.header(HeaderNames.AUTHORIZATION, "Bearer " + key);
        }
        headers.forEach((name, value) -> request.header(HeaderNames.create(name), value));
        return method == Method.GET || method == Method.DELETE ? request.request(String.class)
                : request.submit(body, String.class);
    }

    private static String errorMessage(ClientResponseTyped<String> response, ClientApi api) {
        JsonNode body = json(response.entity());
        if (api == ClientApi.ANTHROPIC) {
            assertThat(body.path("type").asText()).isEqualTo("error");
            assertThat(body.path("error").path("type").asText()).isEqualTo("permission_error");
        } else {
            assertThat(body.path("error").path("code").asText()).isEqualTo("key_model_access_denied");
        }
        return body.path("error").path("message").asText();
    }

    private record GatedPath(String path, ClientApi api) {}

    private static List<GatedPath> gatedRoutes() {
        List<GatedPath> gated = new ArrayList<>();
        for (var route : ROUTES.routes()) {
            if (route.handler() instanceof ModelCallGate.Gated g) {
                gated.add(new GatedPath(concrete(route.path()), g.route().api()));
            }
        }
        return gated;
    }

    private static Set<String> gatedPaths() {
        Set<String> paths = new LinkedHashSet<>();
        gatedRoutes().forEach(g -> paths.add(g.path()));
        return paths;
    }

    /** Each registered path pattern with its parameters filled in. */
    private static Set<String> concretePaths() {
        Set<String> paths = new LinkedHashSet<>();
        for (var route : ROUTES.routes()) {
            paths.add(concrete(route.path()));
        }
        return paths;
    }

    private static String concrete(String pattern) {
        return PARAMETER.matcher(pattern).replaceAll(MODEL).replace("*", "anything");
    }
}
