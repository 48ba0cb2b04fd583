package io.zonecam.webrtc.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
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
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * InMemoryDtlsClient plays the browser: a BouncyCastle DTLS 1.2 client with use_srtp and its own certificate,
 * connected to a server session through in-memory queues (no sockets), on its own thread.
 */
final class InMemoryDtlsClient implements AutoCloseable {

    /** What the client saw once its handshake completed. */
    record Result(DtlsSrtpKeyExport keys, DTLSTransport transport) {}

    final QueueDatagramTransport transport;
    private final Client client;
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private Thread thread;

    /**
     * @param certificate    the client's own certificate (its fingerprint goes into the "offer")
     * @param serverExpected the server fingerprint from the "answer"
     * @param profileIds     use_srtp profile ids offered, or null to omit use_srtp
     * @param sendCertificate whether to answer the CertificateRequest with a certificate
     * @param toServer       where the client's datagrams go (the server session's feed)
     */
    InMemoryDtlsClient(
            DtlsCertificate certificate,
            CertificateFingerprint serverExpected,
            int[] profileIds,
            boolean sendCertificate,
            Consumer<byte[]> toServer) {
        this.client = new Client(
                new BcTlsCrypto(new SecureRandom()), certificate, serverExpected, profileIds, sendCertificate);
        this.transport = new QueueDatagramTransport(
                256, 2048, 1200, Integer.MAX_VALUE, System.nanoTime() + 60_000_000_000L, toServer, () -> {}, () -> {});
    }

    /** Delivers a datagram from the server to the client. */
    void deliver(byte[] datagram) {
        transport.offer(datagram);
    }

    CompletableFuture<Result> connect() {
        thread = Thread.ofVirtual().name("test-dtls-client").start(() -> {
            try {
                DTLSTransport dtls = new DTLSClientProtocol().connect(client, transport);
                transport.handshakeDone();
                result.complete(new Result(client.keys, dtls));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** The profile the server selected, as seen by the client. */
    int selectedProfileId() {
        return client.selectedProfile;
    }

    /** True once the server's close_notify was processed by the client. */
    boolean closeNotifyReceived() {
        return client.closeNotifyReceived;
    }

    @Override
    public void close() {
        transport.requestClose();
        transport.close();
    }

    private static final class Client extends DefaultTlsClient {
        private final DtlsCertificate certificate;
        private final CertificateFingerprint serverExpected;
        private final int[] profileIds;
        private final boolean sendCertificate;
        volatile int selectedProfile = -1;
        volatile DtlsSrtpKeyExport keys;
        volatile boolean closeNotifyReceived;

        @Override
        public void notifyAlertReceived(short alertLevel, short alertDescription) {
            if (alertDescription == AlertDescription.close_notify) {
                closeNotifyReceived = true;
            }
        }

        Client(
                BcTlsCrypto crypto,
                DtlsCertificate certificate,
                CertificateFingerprint serverExpected,
                int[] profileIds,
                boolean sendCertificate) {
            super(crypto);
            this.certificate = certificate;
            this.serverExpected = serverExpected;
            this.profileIds = profileIds;
            this.sendCertificate = sendCertificate;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        public Hashtable getClientExtensions() throws IOException {
            Hashtable ext = TlsExtensions.ensure(super.getClientExtensions());
            if (profileIds != null) {
                TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(profileIds, TlsUtils.EMPTY_BYTES));
            }
            return ext;
        }

        @Override
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData data = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (data == null || data.getProtectionProfiles().length != 1) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server did not select one profile");
            }
            selectedProfile = data.getProtectionProfiles()[0];
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    byte[] der = serverCertificate
                            .getCertificate()
                            .getCertificateAt(0)
                            .getEncoded();
                    if (!serverExpected.matches(der)) {
                        throw new TlsFatalAlert(AlertDescription.bad_certificate, "server fingerprint mismatch");
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    if (!sendCertificate) {
                        return null;
                    }
                    return new BcDefaultTlsCredentialedSigner(
                            new TlsCryptoParameters(context),
                            (BcTlsCrypto) getCrypto(),
                            certificate.privateKey(),
                            certificate.tlsCertificate(getCrypto()),
                            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            SrtpProtectionProfile profile = SrtpProtectionProfile.fromId(selectedProfile);
            byte[] material = context.exportKeyingMaterial(
                    DtlsSrtpKeyExport.EXPORTER_LABEL, null, DtlsSrtpKeyExport.exportLength(profile));
            keys = DtlsSrtpKeyExport.fromExporterOutput(profile, material);
        }
    }

    private static final class TlsExtensions {
        static Hashtable ensure(Hashtable h) {
            return h == null ? new Hashtable() : h;
        }
    }
}
