package io.llmgw.tls;

import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.AdvancedTlsX509TrustManager.Verification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * One side's TLS material, read from three PEM files (its certificate chain, its private key,
 * the CA certificates it trusts for the peer) and re-read whenever their content changes, so
 * certificates rotate without a restart. grpc-java's {@link AdvancedTlsX509KeyManager} and
 * {@link AdvancedTlsX509TrustManager} hold the live material and are what the gRPC
 * credentials use; their own file watcher is not used because it polls at most once a
 * minute, compares modification times only and takes a key that does not match its
 * certificate. Here a new set goes live only whole and consistent: every file parses, the
 * key belongs to the certificate, the certificate is valid now. Anything else is logged with
 * the file at fault, and the last good set stays live (a rotation written file by file is
 * simply picked up on the check after the last file lands).
 */
public final class WatchedTlsFiles implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WatchedTlsFiles.class.getName());

    /** Whom the trust manager verifies. */
    public enum Peer {
        /** Servers: the chain must lead to a trusted CA and name the host dialled. */
        SERVER,
        /** Clients: the chain must lead to a trusted CA (who may call is decided after). */
        CLIENT
    }

    private final Path certificate;
    private final Path key;
    private final Path trustedCa;
    private final String owner;
    private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
    private final AdvancedTlsX509TrustManager trust;
    private final TrustManager trustManager;
    private final ScheduledExecutorService watcher;
    private byte[] digest = new byte[0];

    private WatchedTlsFiles(Path certificate, Path key, Path trustedCa, Peer peer, String owner)
            throws CertificateException {
        this.certificate = certificate;
        this.key = key;
        this.trustedCa = trustedCa;
        this.owner = owner;
        this.trust = AdvancedTlsX509TrustManager.newBuilder()
                .setVerification(peer == Peer.SERVER ? Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION
                        : Verification.CERTIFICATE_ONLY_VERIFICATION)
                .build();
        this.trustManager = new RefusalLoggingTrustManager(trust, owner);
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tls-files-" + owner);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads the three files now and checks them every {@code interval}.
     *
     * @param owner who uses them, for log lines ({@code authz-service}, {@code gateway})
     * @throws IllegalArgumentException naming the file at fault when the first load fails
     */
    public static WatchedTlsFiles start(Path certificate, Path key, Path trustedCa, Peer peer, Duration interval,
            String owner) {
        WatchedTlsFiles files;
        try {
            files = new WatchedTlsFiles(certificate, key, trustedCa, peer, owner);
        } catch (CertificateException e) {
            throw new IllegalStateException("no X.509 trust manager in this JDK", e);
        }
        try {
            files.reload();
        } catch (IOException | GeneralSecurityException e) {
            files.close();
            throw new IllegalArgumentException("TLS files of the " + owner + " cannot be used: " + e.getMessage()
                    + " (make run creates demo ones in demo-certs/)", e);
        }
        files.watcher.scheduleWithFixedDelay(files::reloadQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return files;
    }

    /** The key manager presenting the current certificate. */
    public KeyManager keyManager() {
        return keyManager;
    }

    /** The trust manager checking peers against the current CA certificates, logging refusals. */
    public TrustManager trustManager() {
        return trustManager;
    }

    /** Checks the files now (as the watcher does); returns whether a new set went live. */
    public synchronized boolean reload() throws IOException, GeneralSecurityException {
        byte[] now = digestOfFiles();
        if (Arrays.equals(now, digest)) {
            return false;
        }
        List<X509Certificate> chain = PemFiles.readCertificates(certificate);
        PrivateKey privateKey = PemFiles.readPrivateKey(key);
        List<X509Certificate> authorities = PemFiles.readCertificates(trustedCa);
        X509Certificate leaf = chain.getFirst();
        requireKeyOf(privateKey, leaf);
        try {
            leaf.checkValidity();
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException(certificate + " is not valid now: " + e.getMessage(), e);
        }
        keyManager.updateIdentityCredentials(privateKey, chain.toArray(X509Certificate[]::new));
        trust.updateTrustCredentials(authorities.toArray(X509Certificate[]::new));
        boolean first = digest.length == 0;
        digest = now;
        LOG.info(() -> owner + (first ? " TLS: presenting " : " TLS: reloaded, now presenting ")
                + CertificateNames.describe(leaf) + " from " + certificate + "; trusting " + authorities.size()
                + " CA certificate(s) from " + trustedCa);
        return true;
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.log(Level.WARNING, () -> "tls_reload_failed: " + owner + " keeps its current certificate: "
                    + e.getMessage());
        }
    }

    private byte[] digestOfFiles() throws IOException, GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Path file : List.of(certificate, key, trustedCa)) {
            try {
                sha.update(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new IOException(file + " cannot be read: " + e, e);
            }
            sha.update((byte) 0);
        }
        return sha.digest();
    }

    private void requireKeyOf(PrivateKey privateKey, X509Certificate leaf) throws GeneralSecurityException {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new GeneralSecurityException(key + " holds an unsupported " + privateKey.getAlgorithm()
                    + " key (EC, RSA or Ed25519)");
        };
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(privateKey);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        try {
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // A key of another type: the same fault as a mismatch.
        }
        throw new GeneralSecurityException(key + " is not the private key of the certificate in " + certificate);
    }

    /** Stops watching; connections keep the material they negotiated. */
    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
