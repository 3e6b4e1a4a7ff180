package io.llmgw.tls;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/**
 * The names a certificate claims, as allow lists match them, and a log-safe description of a
 * certificate. Names come from the peer, so they are escaped (JSON string rules) before they
 * reach a log line: a crafted subject cannot forge or break one.
 */
public final class CertificateNames {

    // Subject alternative name types (RFC 5280): rfc822Name, dNSName, uniformResourceIdentifier.
    private static final List<Integer> NAME_TYPES = List.of(1, 2, 6);

    private CertificateNames() {}

    /** The subject's common names, then its e-mail, DNS and URI subject alternative names. */
    public static List<String> of(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            for (RDN rdn : new JcaX509CertificateHolder(certificate).getSubject().getRDNs(BCStyle.CN)) {
                names.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
            }
        } catch (CertificateEncodingException e) {
            // An undecodable subject names no one.
        }
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    if (NAME_TYPES.contains((Integer) entry.get(0)) && entry.get(1) instanceof String name) {
                        names.add(name);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An undecodable extension names no one.
        }
        return List.copyOf(names);
    }

    /** {@code subject="..." issuer="..." not_after=...}, every peer-controlled part escaped. */
    public static String describe(X509Certificate certificate) {
        return "subject=" + quote(certificate.getSubjectX500Principal().getName()) + " issuer="
                + quote(certificate.getIssuerX500Principal().getName()) + " not_after="
                + certificate.getNotAfter().toInstant();
    }

    /** {@code value} as a quoted JSON string: no line breaks, control characters or bare quotes. */
    public static String quote(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }
}
