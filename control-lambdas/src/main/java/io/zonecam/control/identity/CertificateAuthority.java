package io.zonecam.control.identity;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * CertificateAuthority signs the certificates of cameras and nodes, and the list of revoked ones, with the platform
 * CA's EC P-256 key (ECDSA with SHA-256). It holds no state but the key and the CA certificate, so tests and the
 * broker test use it without the application.
 *
 * <p>Every issued certificate is an end-entity client certificate: basic constraints {@code CA:FALSE}, key usage
 * {@code digitalSignature} (both critical), extended key usage {@code clientAuth}, a random positive 128-bit serial
 * (top bit set, so always 16 octets: 127 random bits, which make collisions and guessing irrelevant; RFC 5280 4.1.2.2
 * allows 20), subject and authority key identifiers.
 */
public final class CertificateAuthority {

    private static final String SIGNATURE = "SHA256withECDSA";

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final SecureRandom random = new SecureRandom();

    /** One revoked certificate as the CRL lists it. */
    public record Revoked(BigInteger serial, Instant revokedAt) {}

    public CertificateAuthority(PrivateKey key, X509Certificate certificate) {
        if (!"EC".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("the CA key must be an EC P-256 key");
        }
        if (!pairs(key, certificate.getPublicKey())) {
            throw new IllegalArgumentException("the CA key does not belong to the CA certificate");
        }
        this.key = key;
        this.certificate = certificate;
    }

    /** The CA from its key (base64 PKCS#8 DER) and its certificate (base64 DER or PEM). */
    public static CertificateAuthority of(String pkcs8, String certificate) {
        PrivateKey key;
        X509Certificate cert;
        try {
            key = KeyFactory.getInstance("EC")
                    .generatePrivate(
                            new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pkcs8.trim())));
            cert = parseCertificate(certificate);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Never include the value nor the parser's message: it may quote the CA's private key.
            throw new IllegalStateException(
                    "the CA key or certificate is not usable: " + e.getClass().getSimpleName());
        }
        return new CertificateAuthority(key, cert);
    }

    /** A new self-signed CA (development, tests): a fresh P-256 key, {@code CA:TRUE}, valid for {@code validity}. */
    public static CertificateAuthority generate(String commonName, Duration validity) {
        try {
            KeyPair pair = newKeyPair();
            X500Name name = new X500Name("O=Zonecam,CN=" + commonName);
            Instant now = Instant.now();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            name,
                            new BigInteger(128, new SecureRandom()).setBit(127),
                            Date.from(now.minus(Duration.ofMinutes(5))),
                            Date.from(now.plus(validity)),
                            name,
                            pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert =
                    new JcaX509CertificateConverter().getCertificate(builder.build(signer(pair.getPrivate())));
            return new CertificateAuthority(pair.getPrivate(), cert);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create a CA", e);
        }
    }

    /** A fresh EC P-256 key pair (what cameras and nodes make for themselves). */
    public static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        return ec.generateKeyPair();
    }

    /** Signs a client certificate for {@code subject}'s {@code publicKey}, valid from {@code notBefore} to {@code notAfter}. */
    public X509Certificate issue(X500Name subject, PublicKey publicKey, Instant notBefore, Instant notAfter) {
        return sign(subject, publicKey, notBefore, notAfter, KeyPurposeId.id_kp_clientAuth, null);
    }

    /**
     * Signs the server certificate of a local broker (Mosquitto's TLS listener) for {@code hostnames} (DNS names or IP
     * addresses); in production the device bus is IoT Core, with its own server certificate.
     */
    public X509Certificate issueServer(
            X500Name subject, PublicKey publicKey, Instant notBefore, Instant notAfter, List<String> hostnames) {
        GeneralName[] names = hostnames.stream()
                .map(h -> new GeneralName(
                        h.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':')
                                ? GeneralName.iPAddress
                                : GeneralName.dNSName,
                        h))
                .toArray(GeneralName[]::new);
        return sign(subject, publicKey, notBefore, notAfter, KeyPurposeId.id_kp_serverAuth, new GeneralNames(names));
    }

    private X509Certificate sign(
            X500Name subject,
            PublicKey publicKey,
            Instant notBefore,
            Instant notAfter,
            KeyPurposeId purpose,
            GeneralNames altNames) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            certificate, serial(), Date.from(notBefore), Date.from(notAfter), subject, publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            ext.createAuthorityKeyIdentifier(certificate.getPublicKey()));
            if (altNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(key)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }

    /** The CRL of {@code revoked}, issued {@code thisUpdate}, to be replaced by {@code nextUpdate}. */
    public X509CRL crl(List<Revoked> revoked, Instant thisUpdate, Instant nextUpdate) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (Revoked r : revoked) {
                builder.addCRLEntry(r.serial(), Date.from(r.revokedAt()), CRLReason.cessationOfOperation);
            }
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate.getPublicKey()));
            return new JcaX509CRLConverter().getCRL(builder.build(signer(key)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign a CRL", e);
        }
    }

    /** The CA certificate, the chain every issued certificate ends in. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** PEM text of a certificate, CRL, CSR or private key. */
    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            // Private keys as PKCS#8 ("PRIVATE KEY"): BouncyCastle's traditional EC form of a JDK key has no curve,
            // which OpenSSL (Mosquitto) cannot read.
            writer.writeObject(object instanceof PrivateKey key ? new JcaPKCS8Generator(key, null) : object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The lowercase hex SHA-256 of the certificate's DER encoding: AWS IoT Core's certificate id of it, so revocation
     * on AWS needs no lookup.
     */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when {@code key} signs what {@code publicKey} verifies: a key and certificate from different pairs fail. */
    private static boolean pairs(PrivateKey key, PublicKey publicKey) {
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            java.security.Signature sign = java.security.Signature.getInstance(SIGNATURE);
            sign.initSign(key);
            sign.update(probe);
            byte[] signature = sign.sign();
            java.security.Signature verify = java.security.Signature.getInstance(SIGNATURE);
            verify.initVerify(publicKey);
            verify.update(probe);
            return verify.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private BigInteger serial() {
        // Bit 127 set: always 16 octets and positive, never zero.
        return new BigInteger(128, random).setBit(127);
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(SIGNATURE).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate parseCertificate(String text) throws CertificateException {
        String trimmed = text.trim();
        byte[] der = trimmed.startsWith("-----BEGIN")
                ? trimmed.getBytes(java.nio.charset.StandardCharsets.US_ASCII)
                : Base64.getMimeDecoder().decode(trimmed);
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
    }
}
