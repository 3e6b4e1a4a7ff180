package io.llmgw.authz;

import io.grpc.Server;
import io.llmgw.auditlog.LineSink;
import io.llmgw.auditlog.LineSinks;
import io.llmgw.authz.audit.AsyncDecisionLog;
import io.llmgw.authz.audit.DecisionLog;
import io.llmgw.authz.config.AuthzConfig;
import io.llmgw.authz.config.DecisionLogConfig;
import io.llmgw.authz.grpc.AuthorizationService;
import io.llmgw.authz.grpc.AuthzServer;
import io.llmgw.authz.grpc.ServerEventLoops;
import io.llmgw.authz.grpc.ServerSecurity;
import io.llmgw.authz.observe.AuthzMetrics;
import io.llmgw.authz.observe.ShadowObserver;
import io.llmgw.authz.policy.BundleListener;
import io.llmgw.authz.policy.CachingPolicyEngine;
import io.llmgw.authz.policy.HotSwapPolicyEngine;
import io.llmgw.authz.policy.PolicyBundle;
import io.llmgw.authz.policy.PolicyEngine;
import io.llmgw.authz.policy.RemoteOpaEngine;
import io.llmgw.authz.policy.ShadowPolicyEngine;
import io.llmgw.authz.policy.WasmPolicyEngine;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The running service: policy engine, decision log, metrics and gRPC server wired from one
 * {@link AuthzConfig}. Tests start it exactly as {@link Main} does.
 */
public final class AuthzApplication implements AutoCloseable {

    private final Server server;
    private final ServerEventLoops eventLoops;
    private final HTTPServer metricsServer;
    private final PolicyEngine engine;
    private final DecisionLog decisionLog;
    private final AuthzServer transport;
    private final ServerSecurity security;

    private AuthzApplication(Server server, ServerEventLoops eventLoops, HTTPServer metricsServer,
            PolicyEngine engine, DecisionLog decisionLog, AuthzServer transport, ServerSecurity security) {
        this.server = server;
        this.eventLoops = eventLoops;
        this.metricsServer = metricsServer;
        this.engine = engine;
        this.decisionLog = decisionLog;
        this.transport = transport;
        this.security = security;
    }

    /** Starts everything; health reports SERVING only while a policy is loaded. */
    public static AuthzApplication start(AuthzConfig config) throws IOException {
        DecisionLog decisionLog = decisionLog(config.decisionLog());
        AuthzMetrics metrics = new AuthzMetrics(decisionLog::dropped, decisionLog::writeFailures);
        AuthzServer transport = new AuthzServer();
        BundleListener listener = new BundleListener() {
            @Override
            public void loaded(String revision) {
                metrics.loaded(revision);
                transport.setServing(true);
            }

            @Override
            public void rejected(String reason) {
                metrics.rejected(reason);
            }
        };
        ServerSecurity security = ServerSecurity.from(config.security(), metrics::callerRefused);
        PolicyEngine engine = engine(config, listener, metrics);
        var service = new AuthorizationService(engine, config.entrypoints(), decisionLog, metrics);
        // One event loop per policy instance: see ServerEventLoops for why checks run on them.
        ServerEventLoops eventLoops = new ServerEventLoops(config.poolSize());
        Server server;
        try {
            server = transport.configure(
                            eventLoops.serverBuilder(new InetSocketAddress(config.host(), config.port()),
                                    security.credentials(), config.engine().equals("wasm")),
                            service, config.maxMessageBytes(), config.security().reflection(), security.callers())
                    .build()
                    .start();
        } catch (IOException | RuntimeException e) {
            eventLoops.close();
            engine.close();
            decisionLog.close();
            security.close();
            throw e;
        }
        HTTPServer metricsServer = config.metricsPort() < 0 ? null : HTTPServer.builder()
                .hostname(config.host()).port(config.metricsPort()).registry(metrics.registry()).buildAndStart();
        return new AuthzApplication(server, eventLoops, metricsServer, engine, decisionLog, transport, security);
    }

    private static PolicyEngine engine(AuthzConfig config, BundleListener listener, AuthzMetrics metrics) {
        if (config.engine().equals("opa-server")) {
            listener.loaded("opa-server");
            return new RemoteOpaEngine(config.opaServer(), config.entrypoints(), config.opaTimeout());
        }
        Function<PolicyBundle, PolicyEngine> factory = bundle -> CachingPolicyEngine.around(new WasmPolicyEngine(bundle,
                config.entrypoints(), config.poolSize(), config.warmupEvaluations()), bundle, config.decisionCacheBytes());
        PolicyEngine live = new HotSwapPolicyEngine(config.bundle(), config.reloadInterval(), config.entrypoints(), factory,
                listener);
        if (config.shadow().bundle().isEmpty()) {
            return live;
        }
        // The candidate runs on one instance: its thread is a guest on the service's cores.
        ShadowObserver observer = new ShadowObserver(metrics.registry());
        PolicyEngine candidate = new HotSwapPolicyEngine(config.shadow().bundle().get(), config.reloadInterval(),
                config.entrypoints(), bundle -> CachingPolicyEngine.around(new WasmPolicyEngine(bundle,
                        config.entrypoints(), 1, config.warmupEvaluations()), bundle, config.decisionCacheBytes()),
                observer, HotSwapPolicyEngine.Role.SHADOW_CANDIDATE);
        return new ShadowPolicyEngine(live, candidate, config.shadow().share(), config.shadow().queueCapacity(), observer);
    }

    private static DecisionLog decisionLog(DecisionLogConfig c) {
        LineSink sink = switch (c.output()) {
            case "file" -> LineSinks.rotatingFile(c.file(), c.maxFileBytes(), c.files(), AsyncDecisionLog.NAME);
            case "stdout" -> LineSinks.printing(new PrintStream(System.out, true, StandardCharsets.UTF_8),
                    AsyncDecisionLog.NAME);
            default -> LineSinks.none();
        };
        return new AsyncDecisionLog(c.queueCapacity(), "llmgw", Map.of("app", "llmgw-authz-service"), c.mask(), sink);
    }

    /** The bound gRPC port. */
    public int port() {
        return server.getPort();
    }

    /** The bound metrics port, or -1 when metrics are off. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.getPort();
    }

    /** Revision of the live policy; empty while none is loaded. */
    public String revision() {
        return engine.revision();
    }

    /** Blocks until the server stops. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        transport.shutdown();
        server.shutdown();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdownNow();
        eventLoops.close();
        if (metricsServer != null) {
            metricsServer.close();
        }
        engine.close();
        decisionLog.close();
        security.close();
    }
}
