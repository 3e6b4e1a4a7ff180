package io.llmgw.gateway.testing;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.llmgw.gateway.audit.EnforcementLog;
import io.llmgw.gateway.authz.AuthzClient;
import io.llmgw.gateway.config.AdmissionConfig;
import io.llmgw.gateway.config.HttpConfig;
import io.llmgw.gateway.config.PolicyConfig;
import io.llmgw.gateway.config.UpstreamLimits;
import io.llmgw.gateway.http.Gateway;
import io.llmgw.gateway.http.GatewayRoutes;
import io.llmgw.gateway.upstream.MockProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a route test runs on: the production routes of a gateway over the test keys, a catalog
 * ({@link TestGateway#CATALOG} unless told otherwise), a {@link FakeAuthz} (unless given
 * another client) and the built-in mock, served by Helidon's {@code @ServerTest} on port 0.
 * Registered as an extension, it gives the fake a clean slate before each test and closes
 * what it was handed (upstreams, channels, a real authz-service) after the class. A test
 * class declares only what differs, and hands the gateway to the server's set-up hooks:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GatewayFixture GATEWAY = GatewayFixture.builder().http(new HttpConfig(2048)).build();
 *
 * @SetUpRoute
 * static void routing(HttpRouting.Builder routing) {
 *     GATEWAY.register(routing);
 * }
 * }</pre>
 *
 * <p>The gateway is built on first use, in those hooks: they run in the test server's context,
 * so its metrics go to the registry that the server's {@code /observe/metrics} and the test
 * methods see (the extension field itself is read before that context exists).
 */
public final class GatewayFixture implements BeforeEachCallback, AfterAllCallback {

    private final Builder settings;
    private final List<AutoCloseable> closing;
    private Gateway gateway;

    private GatewayFixture(Builder settings) {
        this.settings = settings;
        this.closing = List.copyOf(settings.closing);
    }

    /** The standard set: standard catalog, a fresh fake authz and mock, default limits. */
    public static GatewayFixture standard() {
        return builder().build();
    }

    /** The standard set asking a {@link RealAuthz} instead of the fake; the service is stopped after the class. */
    public static GatewayFixture withRealAuthz() {
        var authz = new RealAuthz();
        return builder().authz(authz.client()).closeAfterAll(authz).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The fake authz-service the gateway asks. */
    public FakeAuthz authz() {
        if (!(settings.authz instanceof FakeAuthz fake)) {
            throw new IllegalStateException("this gateway asks " + settings.authz.getClass().getSimpleName()
                    + ", not the fake");
        }
        return fake;
    }

    /** The built-in mock the gateway calls. */
    public MockProvider mock() {
        return settings.mock;
    }

    /** The gateway, built on first use. */
    public synchronized Gateway gateway() {
        if (gateway == null) {
            var s = settings;
            var runtime = Runtime.getRuntime();
            var admission = s.admission != null ? s.admission
                    : AdmissionConfig.defaults(runtime.maxMemory(), runtime.availableProcessors(), s.http.maxBodyBytes());
            gateway = TestGateway.create(s.catalog, s.authz, s.mock, s.http, s.limits, admission, s.policy)
                    .withEnforcementLog(s.enforcementLog);
        }
        return gateway;
    }

    /** For {@code @SetUpRoute}: the gateway's routes, as production registers them. */
    public void register(HttpRouting.Builder routing) {
        GatewayRoutes.register(routing, gateway());
    }

    /** For {@code @SetUpServer}: liveness, readiness and metrics under {@code /observe}, as production has them. */
    public void observe(WebServerConfig.Builder server) {
        server.addFeature(GatewayRoutes.observe(gateway()));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (settings.authz instanceof FakeAuthz fake) {
            fake.reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Exception failed = null;
        for (AutoCloseable resource : closing) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** What differs from the standard set; limits and policy default as production's do. */
    public static final class Builder {

        private String catalog = TestGateway.CATALOG;
        private AuthzClient authz = new FakeAuthz();
        private MockProvider mock = new MockProvider();
        private HttpConfig http = HttpConfig.defaults();
        private UpstreamLimits limits = UpstreamLimits.defaults();
        /** Null: the defaults for the heap, the cores and {@link #http}'s body limit. */
        private AdmissionConfig admission;
        private PolicyConfig policy = PolicyConfig.none();
        private EnforcementLog enforcementLog = EnforcementLog.none();
        private final List<AutoCloseable> closing = new ArrayList<>();

        private Builder() {}

        /** The catalog, LiteLLM's YAML. */
        public Builder catalog(String catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** Another authz client than the fake (a real one, or one to a closed port). */
        public Builder authz(AuthzClient authz) {
            this.authz = Objects.requireNonNull(authz, "authz");
            return this;
        }

        public Builder mock(MockProvider mock) {
            this.mock = Objects.requireNonNull(mock, "mock");
            return this;
        }

        public Builder http(HttpConfig http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /** The limits of the client to upstreams over HTTP. */
        public Builder upstreamLimits(UpstreamLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public Builder admission(AdmissionConfig admission) {
            this.admission = Objects.requireNonNull(admission, "admission");
            return this;
        }

        /** What the policy is shown and may add (headers). */
        public Builder policy(PolicyConfig policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Where the gateway records what it applied to each allowed call (production: stdout). */
        public Builder enforcementLog(EnforcementLog log) {
            this.enforcementLog = Objects.requireNonNull(log, "log");
            return this;
        }

        /** Something to close after the class's tests (such as an upstream's {@code stop}), in the order given. */
        public Builder closeAfterAll(AutoCloseable resource) {
            closing.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        public GatewayFixture build() {
            return new GatewayFixture(this);
        }
    }
}
