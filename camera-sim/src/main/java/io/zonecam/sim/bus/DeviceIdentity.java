package io.zonecam.sim.bus;

import io.zonecam.contracts.bus.ClientIdentityKeyManager;
import io.zonecam.contracts.bus.ClientTls;
import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * DeviceIdentity is one camera's device-bus identity, as a camera's secure element would hold it: an EC P-256 key
 * made here that never leaves the process, the CSR that asks the platform CA to certify it ({@code CN=<camera id>}),
 * and the certificate the CA returned. Its TLS socket factory always presents the current certificate, so a renewal
 * takes effect on the next connect without rebuilding the MQTT client.
 */
public final class DeviceIdentity {

    private final String cameraId;
    private final KeyPair key;
    private final SSLSocketFactory socketFactory;
    private final String csr;
    private final ClientIdentityKeyManager keyManager = new ClientIdentityKeyManager("device");

    /**
     * @param cameraId the camera id, the certificate's CN and the MQTT client id
     * @param trust    trust managers for the broker's certificate (see {@link ClientTls#trust(java.nio.file.Path)})
     */
    public DeviceIdentity(String cameraId, TrustManager[] trust) {
        this.cameraId = cameraId;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.key = generator.generateKeyPair();
            this.socketFactory = ClientTls.context(keyManager, trust).getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 or TLS in this JVM", e);
        }
        this.csr = makeCsr();
    }

    public String cameraId() {
        return cameraId;
    }

    /**
     * A PKCS#10 CSR (PEM) for this identity's key, subject {@code CN=<camera id>}, signed with the key; the same for
     * every request, renewals included (the key stays).
     */
    public String csr() {
        return csr;
    }

    private String makeCsr() {
        try {
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, cameraId)
                    .build();
            var request = new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(request);
            }
            return out.toString();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot sign a CSR", e);
        }
    }

    /**
     * Installs the certificate the CA issued for {@link #csr()}, with the CA certificate after it.
     *
     * @throws CertificateException when the PEM is unreadable or certifies another key
     */
    public void install(String certificatePem, String caCertificatePem) throws CertificateException {
        X509Certificate leaf = parse(certificatePem);
        if (!leaf.getPublicKey().equals(key.getPublic())) {
            throw new CertificateException("the certificate for camera " + cameraId + " certifies another key");
        }
        keyManager.present(key.getPrivate(), new X509Certificate[] {leaf, parse(caCertificatePem)});
    }

    /** The installed certificate's end of validity, or null before the first one. */
    public Instant notAfter() {
        ClientIdentityKeyManager.Identity now = keyManager.current();
        return now == null ? null : now.certificate().getNotAfter().toInstant();
    }

    /** TLS for the MQTT client: presents the current certificate, verifies the broker with the trust given. */
    public SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    static X509Certificate parse(String pem) throws CertificateException {
        X509Certificate[] certificates = ClientTls.certificates(pem);
        if (certificates.length == 0) {
            throw new CertificateException("no PEM certificate");
        }
        return certificates[0];
    }
}
