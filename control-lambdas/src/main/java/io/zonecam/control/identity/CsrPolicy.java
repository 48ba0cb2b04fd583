package io.zonecam.control.identity;

import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * CsrPolicy reads a PKCS#10 certificate signing request in PEM and accepts it only when it is for the expected
 * identity and its key is worth certifying. Each refusal has a {@link Reason} that the API and the metrics name.
 *
 * <ul>
 *   <li>at most {@link #MAX_PEM_CHARS} characters (a P-256 CSR is about 500; an RSA-4096 one about 1,700);
 *   <li>one {@code CERTIFICATE REQUEST} PEM block, nothing else;
 *   <li>its self-signature verifies with its own key (proof the caller holds the private key);
 *   <li>the key is EC on P-256, or RSA of 2,048 to 4,096 bits (larger keys only make verification slow);
 *   <li>its subject has exactly one CN, equal to the expected name; other attributes are ignored, since the CA
 *       writes the certificate's subject itself.
 * </ul>
 */
public final class CsrPolicy {

    /** The longest CSR accepted, in characters of PEM. */
    public static final int MAX_PEM_CHARS = 8192;

    private static final int MIN_RSA_BITS = 2048;
    private static final int MAX_RSA_BITS = 4096;

    private CsrPolicy() {}

    /** Why a CSR was refused: {@code slug} is the problem type's last part and the metric's tag. */
    public enum Reason {
        TOO_LARGE("csr-too-large"),
        UNREADABLE("csr-unreadable"),
        BAD_SIGNATURE("csr-bad-signature"),
        WEAK_KEY("csr-weak-key"),
        WRONG_SUBJECT("csr-wrong-subject");

        private final String slug;

        Reason(String slug) {
            this.slug = slug;
        }

        public String slug() {
            return slug;
        }
    }

    /** A refused CSR: the reason and a sentence for the caller. */
    public static final class Refused extends Exception {
        private final Reason reason;

        Refused(Reason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    /** The public key of an accepted CSR. */
    public record Accepted(PublicKey publicKey) {}

    /** Checks {@code pem} against the rules above, for a certificate whose CN will be {@code expectedCommonName}. */
    public static Accepted check(String pem, String expectedCommonName) throws Refused {
        if (pem == null || pem.isBlank()) {
            throw new Refused(Reason.UNREADABLE, "The CSR is empty; send a PEM 'CERTIFICATE REQUEST'.");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw new Refused(
                    Reason.TOO_LARGE,
                    "The CSR has " + pem.length() + " characters; at most " + MAX_PEM_CHARS + " are accepted.");
        }
        PKCS10CertificationRequest csr = parse(pem);
        PublicKey key = publicKey(csr.getSubjectPublicKeyInfo());
        // Key size first: verifying a signature by a huge RSA key is the slow part.
        requireStrong(key, csr.getSubjectPublicKeyInfo());
        if (!signatureValid(csr)) {
            throw new Refused(Reason.BAD_SIGNATURE, "The CSR's signature does not verify with its own public key.");
        }
        requireSubject(csr.getSubject(), expectedCommonName);
        return new Accepted(key);
    }

    private static PKCS10CertificationRequest parse(String pem) throws Refused {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object first = parser.readObject();
            if (!(first instanceof PKCS10CertificationRequest csr)) {
                throw new Refused(Reason.UNREADABLE, "The body holds no PEM 'CERTIFICATE REQUEST' (PKCS#10) block.");
            }
            if (parser.readObject() != null) {
                throw new Refused(Reason.UNREADABLE, "Send one CSR alone; the body holds more PEM blocks.");
            }
            return csr;
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports broken base64 and DER as IOExceptions or runtime exceptions alike.
            throw new Refused(Reason.UNREADABLE, "The CSR is not readable PEM/DER PKCS#10.");
        }
    }

    private static PublicKey publicKey(SubjectPublicKeyInfo info) throws Refused {
        try {
            return new JcaPEMKeyConverter().getPublicKey(info);
        } catch (IOException | RuntimeException e) {
            throw new Refused(Reason.WEAK_KEY, "The CSR's key type is not supported; use EC P-256 or RSA 2048-4096.");
        }
    }

    private static boolean signatureValid(PKCS10CertificationRequest csr) {
        try {
            return csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            return false;
        }
    }

    private static void requireStrong(PublicKey key, SubjectPublicKeyInfo info) throws Refused {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
                throw new Refused(
                        Reason.WEAK_KEY,
                        "The CSR's RSA key has " + bits + " bits; " + MIN_RSA_BITS + " to " + MAX_RSA_BITS
                                + " are accepted (EC P-256 preferred).");
            }
            return;
        }
        if (key instanceof ECPublicKey) {
            Object curve = info.getAlgorithm().getParameters();
            if (!X9ObjectIdentifiers.prime256v1.equals(curve) && !SECObjectIdentifiers.secp256r1.equals(curve)) {
                String name = curve instanceof ASN1ObjectIdentifier oid ? oid.getId() : "explicit parameters";
                throw new Refused(
                        Reason.WEAK_KEY, "The CSR's EC key is on curve " + name + "; only P-256 is accepted.");
            }
            return;
        }
        throw new Refused(
                Reason.WEAK_KEY,
                "The CSR's key is " + key.getAlgorithm() + "; only EC P-256 and RSA 2048-4096 are accepted.");
    }

    private static void requireSubject(X500Name subject, String expected) throws Refused {
        RDN[] cns = subject.getRDNs(BCStyle.CN);
        if (cns.length != 1 || cns[0].isMultiValued()) {
            throw new Refused(Reason.WRONG_SUBJECT, "The CSR's subject must have exactly one CN, '" + expected + "'.");
        }
        String cn = cns[0].getFirst().getValue() instanceof ASN1String text ? text.getString() : "";
        if (!expected.equals(cn)) {
            throw new Refused(
                    Reason.WRONG_SUBJECT,
                    "The CSR's subject CN is '" + printable(cn) + "'; this caller may only ask for '" + expected
                            + "'.");
        }
    }

    /** The CN as it may be echoed back: printable ASCII, at most 64 characters. */
    private static String printable(String cn) {
        StringBuilder out = new StringBuilder();
        cn.codePoints().limit(64).forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }
}
