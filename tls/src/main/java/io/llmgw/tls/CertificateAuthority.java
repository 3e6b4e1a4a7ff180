package io.llmgw.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private certificate authority that issues TLS server and client certificates (EC P-256
 * keys, SHA-256 with ECDSA), built with Bouncy Castle's X.509 builders. It is meant for the
 * demo and for tests; production certificates come from the organisation's own CA.
 */
public final class CertificateAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** What an issued certificate may be used for. */
    public enum Usage {
        /** A TLS server (extended key usage serverAuth). */
        SERVER,
        /** A TLS client (extended key usage clientAuth). */
        CLIENT
    }

    /** A certificate with its private key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {

        /** Writes the certificate and (mode 0600) the key as PEM files. */
        public void write(Path certificateFile, Path keyFile) {
            PemFiles.writePrivateKey(keyFile, key);
            PemFiles.writeCertificate(certificateFile, certificate);
        }
    }

    /** A new self-signed CA named {@code CN=commonName}, valid from now to {@code notAfter}. */
    public static CertificateAuthority create(String commonName, Instant notAfter) {
        KeyPair pair = newKeyPair();
        X500Principal name = new X500Principal("CN=" + commonName);
        try {
            var builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(Instant.now().minusSeconds(60)),
                    Date.from(notAfter), name, pair.getPublic());
            var utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create the CA certificate: " + e.getMessage(), e);
        }
    }

    /** The CA stored in {@code certificateFile} and {@code keyFile}. */
    public static CertificateAuthority load(Path certificateFile, Path keyFile) throws IOException {
        return new CertificateAuthority(PemFiles.readCertificate(certificateFile), PemFiles.readPrivateKey(keyFile));
    }

    /**
     * Issues a certificate for {@code commonName}, with the subject alternative names
     * {@code dnsNames} and {@code ipAddresses}, valid from {@code notBefore} to {@code notAfter}.
     */
    public Issued issue(String commonName, List<String> dnsNames, List<String> ipAddresses, Usage usage,
            Instant notBefore, Instant notAfter) {
        KeyPair pair = newKeyPair();
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        try {
            var builder = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(notBefore),
                    Date.from(notAfter), new X500Principal("CN=" + commonName), pair.getPublic());
            var utils = new JcaX509ExtensionUtils();
            KeyPurposeId purpose = usage == Usage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth;
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(certificate));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return new Issued(sign(builder, key), pair.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + commonName + ": " + e.getMessage(), e);
        }
    }

    /** The CA's own certificate, the trust anchor of what it issues. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes the CA certificate and (mode 0600) its key as PEM files. */
    public void write(Path certificateFile, Path keyFile) {
        new Issued(certificate, key).write(certificateFile, keyFile);
    }

    /** The CA's public key, e.g. to check what it signed. */
    public PublicKey publicKey() {
        return certificate.getPublicKey();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            var holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 key generator in this JDK", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
