package io.llmgw.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.logging.Logger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Delegates every trust decision and logs each refusal with the certificate it refused
 * (escaped) and why: an expired certificate, one from another CA or with the wrong name is
 * otherwise only a failed handshake with no trace on the side that refused it.
 */
final class RefusalLoggingTrustManager extends X509ExtendedTrustManager {

    private static final Logger LOG = Logger.getLogger(RefusalLoggingTrustManager.class.getName());

    private final X509ExtendedTrustManager delegate;
    private final String owner;

    /** @param owner who verifies, for the log line (e.g. {@code authz-service}) */
    RefusalLoggingTrustManager(X509ExtendedTrustManager delegate, String owner) {
        this.delegate = delegate;
        this.owner = owner;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check("client", chain, () -> delegate.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check("client", chain, () -> delegate.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check("client", chain, () -> delegate.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check("server", chain, () -> delegate.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        String peer = engine == null || engine.getPeerHost() == null ? "" : " for " + CertificateNames.quote(
                engine.getPeerHost());
        check("server" + peer, chain, () -> delegate.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check("server", chain, () -> delegate.checkServerTrusted(chain, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    private interface Check {
        void run() throws CertificateException;
    }

    private void check(String role, X509Certificate[] chain, Check check) throws CertificateException {
        try {
            check.run();
        } catch (CertificateException | RuntimeException e) {
            String code = role.startsWith("client") ? "client_certificate_refused" : "server_certificate_refused";
            String certificate = chain == null || chain.length == 0 ? "no certificate"
                    : CertificateNames.describe(chain[0]);
            LOG.warning(() -> code + ": " + owner + " refused the " + role + " certificate " + certificate + ": "
                    + CertificateNames.quote(String.valueOf(e.getMessage())));
            throw e;
        }
    }
}
