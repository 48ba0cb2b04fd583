package io.zonecam.bench.viewer;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.Hashtable;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * DtlsSrtpClient runs the DTLS 1.2 client handshake of DTLS-SRTP (RFC 5764) on BouncyCastle, as a browser does
 * when its answer says {@code a=setup:active} or the server's says {@code passive}: offers the SRTP profiles in
 * Chromium's order, checks the server certificate against the SDP fingerprint, and exports the SRTP keys.
 */
public final class DtlsSrtpClient {

    /** The self-signed certificate and key a fleet's viewers share (browsers make one per peer connection). */
    public record Identity(byte[] der, AsymmetricKeyParameter key, String fingerprint) {
        /** A fresh P-256 key and a self-signed certificate valid from yesterday for 30 days. */
        public static Identity generate() throws Exception {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = kpg.generateKeyPair();
            X500Name name = new X500Name("CN=zonecam-bench-viewer");
            long now = System.currentTimeMillis();
            byte[] der = new JcaX509v3CertificateBuilder(
                            name,
                            BigInteger.valueOf(now),
                            new Date(now - 86_400_000L),
                            new Date(now + 30 * 86_400_000L),
                            name,
                            kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()))
                    .getEncoded();
            return new Identity(der, PrivateKeyFactory.createKey(kp.getPrivate().getEncoded()), sha256(der));
        }
    }

    /** The negotiated profile and the exported keying material. */
    public record Keys(SrtpSession.Profile profile, byte[] material) {}

    private DtlsSrtpClient() {}

    /**
     * Handshakes over {@code transport}.
     *
     * @param serverFingerprint the {@code a=fingerprint:sha-256} of the server's SDP; the certificate must match
     */
    public static Keys handshake(DatagramTransport transport, Identity id, String serverFingerprint)
            throws IOException {
        Client client = new Client(new BcTlsCrypto(new SecureRandom()), id, serverFingerprint);
        new DTLSClientProtocol().connect(client, transport);
        if (client.keys == null) {
            throw new IOException("the server negotiated no SRTP profile");
        }
        return client.keys;
    }

    /** The SHA-256 fingerprint of a DER certificate as SDP writes it: upper-case hex pairs joined by ':'. */
    public static String sha256(byte[] der) {
        try {
            return HexFormat.ofDelimiter(":")
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Client extends DefaultTlsClient {
        private static final int[] PROFILES = {
            SrtpSession.Profile.AEAD_AES_256_GCM.id,
            SrtpSession.Profile.AEAD_AES_128_GCM.id,
            SrtpSession.Profile.AES_CM_128_HMAC_SHA1_80.id
        };
        private final Identity id;
        private final String serverFingerprint;
        private SrtpSession.Profile chosen;
        private Keys keys;

        Client(BcTlsCrypto crypto, Identity id, String serverFingerprint) {
            super(crypto);
            this.id = id;
            this.serverFingerprint = serverFingerprint;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable ext = super.getClientExtensions();
            if (ext == null) {
                ext = new Hashtable();
            }
            TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(PROFILES, TlsUtils.EMPTY_BYTES));
            return ext;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData srtp = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (srtp == null || srtp.getProtectionProfiles().length != 1) {
                throw new TlsFatalAlert(org.bouncycastle.tls.AlertDescription.illegal_parameter);
            }
            chosen = SrtpSession.Profile.of(srtp.getProtectionProfiles()[0]);
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            int length = 2 * (chosen.keyLength + chosen.saltLength);
            keys = new Keys(chosen, context.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, length));
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate server) throws IOException {
                    Certificate chain = server.getCertificate();
                    if (chain.isEmpty()
                            || !sha256(chain.getCertificateAt(0).getEncoded()).equalsIgnoreCase(serverFingerprint)) {
                        throw new TlsFatalAlert(org.bouncycastle.tls.AlertDescription.bad_certificate);
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    BcTlsCrypto crypto = (BcTlsCrypto) getCrypto();
                    Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(id.der())});
                    return new BcDefaultTlsCredentialedSigner(
                            new TlsCryptoParameters(context),
                            crypto,
                            id.key(),
                            chain,
                            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                }
            };
        }
    }
}
