package io.zonecam.webrtc.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * SrtpTlsServer is the BouncyCastle TLS server peer of one viewer: DTLS 1.2 only, ECDHE-ECDSA suites, use_srtp
 * (RFC 5764 §4.1) with server-preferred profile selection, and a mandatory client certificate checked against the
 * fingerprints of the viewer's SDP offer (RFC 5763 §5, RFC 8827 §6.5).
 *
 * <p>Used by one session thread; the failure fields are read by that thread after the handshake returns.
 */
final class SrtpTlsServer extends DefaultTlsServer {

    /** ECDHE-ECDSA only (our key is P-256); AEAD first. CBC stays for old peers that lack GCM in DTLS. */
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    private final DtlsCertificate certificate;
    private final List<CertificateFingerprint> expectedClientFingerprints;
    private final List<SrtpProtectionProfile> profilePreference;
    private final int handshakeTimeoutMillis;
    private final int resendMillis;

    private SrtpProtectionProfile selectedProfile;
    private DtlsSrtpKeyExport keyingMaterial;
    private DtlsFailure failure;
    private String failureDetail;
    private volatile boolean peerClosed;

    SrtpTlsServer(
            BcTlsCrypto crypto,
            DtlsCertificate certificate,
            List<CertificateFingerprint> clientFingerprints,
            DtlsServerConfig config) {
        super(crypto);
        this.certificate = certificate;
        this.expectedClientFingerprints = List.copyOf(clientFingerprints);
        this.profilePreference = config.srtpProfiles();
        this.handshakeTimeoutMillis = (int) config.handshakeTimeout().toMillis();
        this.resendMillis = (int) config.initialRetransmitTimeout().toMillis();
    }

    SrtpProtectionProfile selectedProfile() {
        return selectedProfile;
    }

    DtlsFailure failure() {
        return failure;
    }

    String failureDetail() {
        return failureDetail;
    }

    boolean peerClosed() {
        return peerClosed;
    }

    /** The RFC 5764 §4.2 keying material, exported when the handshake completed; null before. */
    DtlsSrtpKeyExport keyingMaterial() {
        return keyingMaterial;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        // BouncyCastle allows exporting only from inside this callback.
        byte[] material = context.exportKeyingMaterial(
                DtlsSrtpKeyExport.EXPORTER_LABEL, null, DtlsSrtpKeyExport.exportLength(selectedProfile));
        keyingMaterial = DtlsSrtpKeyExport.fromExporterOutput(selectedProfile, material);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        // Chromium, Firefox and Safari all negotiate DTLS 1.2 for WebRTC.
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return resendMillis;
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw fail(
                    DtlsFailure.NO_USE_SRTP,
                    "ClientHello has no use_srtp extension",
                    AlertDescription.handshake_failure);
        }
        int[] ids = offered.getProtectionProfiles();
        // RFC 5764 §4.1.1: the server picks one of the client's profiles; we apply our own preference order.
        for (SrtpProtectionProfile p : profilePreference) {
            for (int id : ids) {
                if (id == p.id()) {
                    selectedProfile = p;
                    return;
                }
            }
        }
        throw fail(
                DtlsFailure.NO_COMMON_SRTP_PROFILE,
                "client offered SRTP profiles " + describe(ids),
                AlertDescription.handshake_failure);
    }

    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        // RFC 5764 §4.1.1: exactly one profile and an empty MKI (we never use MKIs).
        TlsSRTPUtils.addUseSRTPExtension(
                extensions, new UseSRTPData(new int[] {selectedProfile.id()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        // WebRTC endpoints always present a (self-signed) certificate; RSA is allowed for older clients.
        Vector sigAlgs = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(
                new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign}, sigAlgs, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw fail(
                    DtlsFailure.CLIENT_CERTIFICATE_MISSING,
                    "client sent an empty certificate chain",
                    AlertDescription.handshake_failure);
        }
        // Only the end-entity certificate is bound by the SDP fingerprint (RFC 8122 §5).
        byte[] der = clientCertificate.getCertificateAt(0).getEncoded();
        for (CertificateFingerprint expected : expectedClientFingerprints) {
            if (expected.matches(der)) {
                return;
            }
        }
        throw fail(
                DtlsFailure.FINGERPRINT_MISMATCH,
                "client certificate " + CertificateFingerprint.sha256(der) + " matches no fingerprint of the offer",
                AlertDescription.bad_certificate);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return new BcDefaultTlsCredentialedSigner(
                new TlsCryptoParameters(context),
                (BcTlsCrypto) getCrypto(),
                certificate.privateKey(),
                certificate.tlsCertificate(getCrypto()),
                chooseEcdsaSignatureAlgorithm());
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == AlertDescription.close_notify) {
            peerClosed = true;
        } else if (alertLevel == AlertLevel.fatal && failure == null) {
            failure = DtlsFailure.PEER_ALERT;
            failureDetail = "client sent fatal alert " + AlertDescription.getText(alertDescription);
        }
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        // Reasons are classified by the session; BouncyCastle's default would print to System.err.
    }

    /** P-256 keys sign with SHA-256 (RFC 8422 §5.10 / RFC 5246 §7.4.1.4.1); fall back when the client lists none. */
    private SignatureAndHashAlgorithm chooseEcdsaSignatureAlgorithm() {
        SignatureAndHashAlgorithm wanted =
                SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
        Vector clientSigAlgs = context.getSecurityParametersHandshake().getClientSigAlgs();
        if (clientSigAlgs == null || clientSigAlgs.contains(wanted)) {
            return wanted;
        }
        for (Object o : clientSigAlgs) {
            SignatureAndHashAlgorithm alg = (SignatureAndHashAlgorithm) o;
            if (alg.getSignature() == SignatureAlgorithm.ecdsa) {
                return alg;
            }
        }
        return wanted;
    }

    private TlsFatalAlert fail(DtlsFailure reason, String detail, short alert) {
        failure = reason;
        failureDetail = detail;
        return new TlsFatalAlert(alert, detail);
    }

    private static String describe(int[] ids) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ids.length && i < 16; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(String.format("0x%04x", ids[i]));
        }
        return sb.append(']').toString();
    }
}
