package io.zonecam.webrtc.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * DtlsCertificate is the node's self-signed ECDSA P-256 certificate and key for DTLS-SRTP, generated once per node
 * process and shared by every viewer session; browsers authenticate it only through the SDP fingerprint
 * (RFC 8827 §6.5), so no CA is involved.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DtlsCertificate {

    /** Browsers' own WebRTC certificates default to about a month; a node process lives far shorter. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final CertificateFingerprint fingerprint;
    private final Instant notAfter;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey, Instant notAfter) {
        this.der = der;
        this.privateKey = privateKey;
        this.fingerprint = CertificateFingerprint.sha256(der);
        this.notAfter = notAfter;
    }

    /** Generates a fresh key pair and certificate valid for {@link #DEFAULT_VALIDITY}. */
    public static DtlsCertificate generate() {
        return generate(new SecureRandom(), Clock.systemUTC(), DEFAULT_VALIDITY);
    }

    /**
     * Generates a fresh ECDSA P-256 key pair and a self-signed SHA256withECDSA certificate.
     *
     * @param random   randomness for the key and the serial number
     * @param clock    the clock that places the validity window
     * @param validity how long the certificate is valid after now (it is also valid from one day before, so a peer
     *                 with a slow clock accepts it)
     */
    public static DtlsCertificate generate(SecureRandom random, Clock clock, Duration validity) {
        Objects.requireNonNull(random, "random");
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = kpg.generateKeyPair();
            Instant now = clock.instant();
            Instant notAfter = now.plus(validity);
            // A random positive 64-bit serial; the CN carries no identity (the fingerprint does).
            BigInteger serial = new BigInteger(64, random).setBit(62);
            X500Name name = new X500Name("CN=zonecam");
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(
                            name,
                            serial,
                            Date.from(now.minus(Duration.ofDays(1))),
                            Date.from(notAfter),
                            name,
                            keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA")
                            .setSecureRandom(random)
                            .build(keys.getPrivate()));
            AsymmetricKeyParameter key =
                    PrivateKeyFactory.createKey(keys.getPrivate().getEncoded());
            return new DtlsCertificate(holder.getEncoded(), key, notAfter);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate the DTLS certificate", e);
        }
    }

    /** The SHA-256 fingerprint that goes into the SDP answer. */
    public CertificateFingerprint fingerprint() {
        return fingerprint;
    }

    /** The value of the answer's {@code a=fingerprint:} attribute, e.g. {@code sha-256 AB:CD:...}. */
    public String sdpFingerprint() {
        return fingerprint.toSdpValue();
    }

    /** A copy of the DER encoding. */
    public byte[] derEncoded() {
        return der.clone();
    }

    /** End of the validity window. */
    public Instant notAfter() {
        return notAfter;
    }

    /** The certificate chain (of one) in BouncyCastle TLS form, bound to a crypto instance. */
    Certificate tlsCertificate(TlsCrypto crypto) throws IOException {
        TlsCertificate cert = crypto.createCertificate(der);
        return new Certificate(new TlsCertificate[] {cert});
    }

    /** The private key in BouncyCastle lightweight form for {@code BcTlsCrypto}. */
    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "DtlsCertificate[" + fingerprint.toSdpValue() + ", notAfter=" + notAfter + "]";
    }
}
