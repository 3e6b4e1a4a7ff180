package io.llmgw.gateway.http;

import static io.llmgw.gateway.testing.Http.chat;
import static io.llmgw.gateway.testing.Http.error;
import static io.llmgw.gateway.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmgw.gateway.testing.FakeAuthz;
import io.llmgw.gateway.testing.GatewayFixture;
import io.llmgw.gateway.upstream.MockProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every key that must not work is refused with 401 before the authz-service is asked. */
@ServerTest
class AuthenticationRoutesTest {

    @RegisterExtension
    static final GatewayFixture GATEWAY = GatewayFixture.standard();
    private static final FakeAuthz AUTHZ = GATEWAY.authz();
    private static final MockProvider MOCK = GATEWAY.mock();

    private final Http1Client client;

    AuthenticationRoutesTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GATEWAY.register(routing);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"unknown, sk-nobody, Incorrect API key provided.",
        "expired, sk-expired, The API key has expired.",
        "blocked, sk-blocked, The API key is blocked.",
        "blocked team, sk-frozen-team, The API key is blocked."})
    void chat_refusedKey_401InvalidApiKeyWithoutAskingAuthz(String why, String key, String message) {
        var response = post(client, "/v1/chat/completions", key, chat("gpt-4o-mini"));

        assertThat(response.status().code()).isEqualTo(401);
        assertThat(error(response).path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error(response).path("message").asText()).isEqualTo(message);
        assertThat(AUTHZ.asked()).isEmpty();
    }

    @Test
    void chat_noKey_401InvalidApiKeyWithoutAskingAuthz() {
        var response = post(client, "/v1/chat/completions", null, chat("gpt-4o-mini"));

        assertThat(response.status().code()).isEqualTo(401);
        assertThat(error(response).path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(AUTHZ.asked()).isEmpty();
    }

    @Test
    void models_noKey_401InvalidApiKeyWithoutAskingAuthz() {
        var response = client.get("/v1/models").request(String.class);

        assertThat(response.status().code()).isEqualTo(401);
        assertThat(AUTHZ.asked()).isEmpty();
    }

    @Test
    void chat_azureStyleApiKeyHeader_accepted() {
        var response = client.post("/v1/chat/completions").header(HeaderNames.create("api-key"), "sk-all")
                .submit(chat("gpt-4o-mini"), String.class);

        assertThat(response.status().code()).isEqualTo(200);
    }

    @Test
    void chat_keyNotLoggedOnRefusal() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        var handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        var logger = Logger.getLogger("io.llmgw.gateway");
        logger.addHandler(handler);
        try {
            post(client, "/v1/chat/completions", "sk-expired", chat("gpt-4o-mini"));
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(records).extracting(LogRecord::getMessage).anySatisfy(m -> assertThat(m).contains("key_id=expired"))
                .noneSatisfy(m -> assertThat(m).contains("sk-expired"));
    }
}
