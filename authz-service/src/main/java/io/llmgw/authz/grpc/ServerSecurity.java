package io.llmgw.authz.grpc;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.llmgw.authz.config.GrpcSecurityConfig;
import io.llmgw.tls.WatchedTlsFiles;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The gRPC port's transport security, built from {@link GrpcSecurityConfig}: grpc-java's TLS
 * server credentials requiring a client certificate from the configured CA (files reloaded
 * when they change) and the {@link CallerAuthorization} check; or, only when configured,
 * plaintext, with a warning at start-up.
 */
public final class ServerSecurity implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServerSecurity.class.getName());

    private final ServerCredentials credentials;
    private final Optional<CallerAuthorization> callers;
    private final Optional<WatchedTlsFiles> files;

    private ServerSecurity(ServerCredentials credentials, Optional<CallerAuthorization> callers,
            Optional<WatchedTlsFiles> files) {
        this.credentials = credentials;
        this.callers = callers;
        this.files = files;
    }

    /**
     * Loads the TLS files (failing with the file named when they cannot be used) and starts
     * watching them.
     *
     * @param refusals told the code of each refused connection
     */
    public static ServerSecurity from(GrpcSecurityConfig config, Consumer<String> refusals) {
        if (!config.tls()) {
            LOG.warning("authz.tls.enabled=false: the gRPC port speaks PLAINTEXT and answers ANY caller that can"
                    + " reach it; decisions can be read and forged on the wire. For tests only.");
            return new ServerSecurity(InsecureServerCredentials.create(), Optional.empty(), Optional.empty());
        }
        WatchedTlsFiles files = WatchedTlsFiles.start(config.certificate(), config.key(), config.clientCa(),
                WatchedTlsFiles.Peer.CLIENT, config.reloadInterval(), "authz-service");
        ServerCredentials credentials = TlsServerCredentials.newBuilder()
                .keyManager(files.keyManager())
                .trustManager(files.trustManager())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build();
        LOG.info(() -> "gRPC port requires mutual TLS; callers allowed: " + config.allowedClients());
        return new ServerSecurity(credentials, Optional.of(new CallerAuthorization(config.allowedClients(), refusals)),
                Optional.of(files));
    }

    /** Credentials for the server builder. */
    public ServerCredentials credentials() {
        return credentials;
    }

    /** The caller check, present with TLS. */
    public Optional<CallerAuthorization> callers() {
        return callers;
    }

    /** Stops watching the files. */
    @Override
    public void close() {
        files.ifPresent(WatchedTlsFiles::close);
    }
}
