package io.llmgw.gateway.authz;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.llmgw.gateway.config.AuthzTlsConfig;
import io.llmgw.tls.WatchedTlsFiles;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The one place the gateway's channels to the authz-service get their security: grpc-java's
 * TLS channel credentials presenting the gateway's client certificate and verifying the
 * server's certificate against the configured CA and name, with the files reloaded when they
 * change; or, only when configured, plaintext with a warning. However many channels the
 * gateway opens, each comes from {@link #channelBuilder} and shares the same material.
 */
public final class AuthzTransport implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AuthzTransport.class.getName());

    private final ChannelCredentials credentials;
    private final Optional<String> authority;
    private final Optional<WatchedTlsFiles> files;

    private AuthzTransport(ChannelCredentials credentials, Optional<String> authority,
            Optional<WatchedTlsFiles> files) {
        this.credentials = credentials;
        this.authority = authority;
        this.files = files;
    }

    /**
     * Loads the TLS files (failing with the file named when they cannot be used) and starts
     * watching them.
     */
    public static AuthzTransport from(AuthzTlsConfig config) {
        if (!config.enabled()) {
            LOG.warning("gateway.authz.tls.enabled=false: access checks travel in PLAINTEXT to whatever answers at"
                    + " the target; decisions can be read and forged on the wire. For tests only.");
            return new AuthzTransport(InsecureChannelCredentials.create(), Optional.empty(), Optional.empty());
        }
        WatchedTlsFiles files = WatchedTlsFiles.start(config.certificate(), config.key(), config.ca(),
                WatchedTlsFiles.Peer.SERVER, config.reloadInterval(), "gateway");
        ChannelCredentials credentials = TlsChannelCredentials.newBuilder()
                .keyManager(files.keyManager())
                .trustManager(files.trustManager())
                .build();
        return new AuthzTransport(credentials, config.authority(), Optional.of(files));
    }

    /** A channel builder for {@code target} with these credentials (and the expected server name, if set). */
    public NettyChannelBuilder channelBuilder(String target) {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target, credentials);
        authority.ifPresent(builder::overrideAuthority);
        return builder;
    }

    /** Stops watching the files; open channels keep what they negotiated. */
    @Override
    public void close() {
        files.ifPresent(WatchedTlsFiles::close);
    }
}
