package io.llmgw.authz.grpc;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.llmgw.tls.CertificateNames;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Admits a call only from a caller whose verified client certificate names someone on the
 * allow list (subject CN, or a DNS, URI or e-mail subject alternative name), before any
 * service, health and reflection included, sees it. The TLS handshake has already checked
 * that the certificate chains to the configured CA and is valid; this decides who, of those
 * the CA vouches for, may ask for decisions. A call over TLS without a verified certificate
 * is refused UNAUTHENTICATED, a certificate naming no one on the list PERMISSION_DENIED. The
 * verdict is kept on the TLS session, so it is made (and a refusal logged) once per
 * connection, not per call.
 */
public final class CallerAuthorization implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(CallerAuthorization.class.getName());
    private static final String VERDICT = "llmgw.caller.verdict";

    private final Set<String> allowed;
    private final Consumer<String> refusals;

    /**
     * @param allowed names accepted as callers
     * @param refusals told the error code of each refused connection ({@code caller_unauthenticated},
     *     {@code caller_not_allowed}), e.g. to count it
     */
    public CallerAuthorization(List<String> allowed, Consumer<String> refusals) {
        this.allowed = Set.copyOf(allowed);
        this.refusals = refusals;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        Status refusal = session == null
                ? Status.UNAUTHENTICATED.withDescription("the authz-service accepts only mutual TLS")
                : verdict(session, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        if (refusal.isOk()) {
            return next.startCall(call, headers);
        }
        call.close(refusal, new Metadata());
        return new ServerCall.Listener<>() {};
    }

    private Status verdict(SSLSession session, SocketAddress remote) {
        if (session.getValue(VERDICT) instanceof Status known) {
            return known;
        }
        Status verdict = judge(session, remote);
        session.putValue(VERDICT, verdict);
        return verdict;
    }

    private Status judge(SSLSession session, SocketAddress remote) {
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            chain = new Certificate[0];
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return refuse("caller_unauthenticated", "a connection from " + remote + " without a client certificate",
                    Status.UNAUTHENTICATED.withDescription("a client certificate is required"));
        }
        List<String> names = CertificateNames.of(leaf);
        if (names.stream().anyMatch(allowed::contains)) {
            return Status.OK;
        }
        return refuse("caller_not_allowed", "the client certificate " + CertificateNames.describe(leaf) + " naming "
                        + names.stream().map(CertificateNames::quote).toList() + " from " + remote
                        + ": no name is on authz.tls.allowed-clients",
                Status.PERMISSION_DENIED.withDescription("this client certificate is not allowed to call the "
                        + "authz-service"));
    }

    private Status refuse(String code, String what, Status status) {
        LOG.warning(() -> code + ": refused " + what);
        refusals.accept(code);
        return status;
    }
}
