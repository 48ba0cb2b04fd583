package io.zonecam.bench.webrtc.dtls;

import io.zonecam.webrtc.dtls.CertificateFingerprint;
import io.zonecam.webrtc.dtls.DtlsCertificate;
import io.zonecam.webrtc.dtls.DtlsFailure;
import io.zonecam.webrtc.dtls.DtlsMetrics;
import io.zonecam.webrtc.dtls.DtlsServerConfig;
import io.zonecam.webrtc.dtls.DtlsServerSession;
import io.zonecam.webrtc.dtls.DtlsSrtpKeyExport;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Date;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DtlsHandshakeBenchmark measures one complete DTLS-SRTP handshake of {@link DtlsServerSession} against an in-memory
 * BouncyCastle client (no sockets): what a burst of viewers joining costs the node.
 *
 * <p>The time covers both peers (the client's ECDHE and certificate signature run on the benchmark thread, the
 * server's on its session thread), so the server's share is roughly half. Run:
 * <pre>
 * java -jar bench/target/benchmarks.jar DtlsHandshakeBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class DtlsHandshakeBenchmark {

    private DtlsCertificate serverCertificate;
    private ClientIdentity clientIdentity;
    private final DtlsMetrics metrics = new DtlsMetrics();

    @Setup
    public void setUp() throws Exception {
        serverCertificate = DtlsCertificate.generate();
        clientIdentity = ClientIdentity.generate();
    }

    /** One handshake from ClientHello to exported keys on both sides. */
    @Benchmark
    public DtlsSrtpKeyExport handshake() throws Exception {
        LinkedBlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>(256);
        CompletableFuture<DtlsSrtpKeyExport> serverKeys = new CompletableFuture<>();
        DtlsServerSession session = DtlsServerSession.start(
                DtlsServerConfig.defaults(),
                serverCertificate,
                List.of(clientIdentity.fingerprint),
                toClient::offer,
                new DtlsServerSession.Listener() {
                    @Override
                    public void onComplete(DtlsSrtpKeyExport keys) {
                        serverKeys.complete(keys);
                    }

                    @Override
                    public void onFailure(DtlsFailure reason, String detail) {
                        serverKeys.completeExceptionally(new IllegalStateException(reason + ": " + detail));
                    }
                },
                metrics);
        try {
            QueueTransport transport = new QueueTransport(toClient, session);
            DTLSTransport dtls = new DTLSClientProtocol()
                    .connect(new Client(clientIdentity, serverCertificate.fingerprint()), transport);
            DtlsSrtpKeyExport keys = serverKeys.get(10, TimeUnit.SECONDS);
            dtls.close();
            return keys;
        } finally {
            session.close();
        }
    }

    /** The client's own certificate and key, as a browser generates once per RTCPeerConnection. */
    private record ClientIdentity(
            Certificate chain, byte[] der, AsymmetricKeyParameter key, CertificateFingerprint fingerprint) {
        static ClientIdentity generate() throws Exception {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = kpg.generateKeyPair();
            X500Name name = new X500Name("CN=viewer");
            long now = System.currentTimeMillis();
            byte[] der = new JcaX509v3CertificateBuilder(
                            name,
                            BigInteger.valueOf(now),
                            new Date(now - 86_400_000L),
                            new Date(now + 86_400_000L),
                            name,
                            keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
                    .getEncoded();
            TlsCertificate cert = new BcTlsCrypto(random).createCertificate(der);
            return new ClientIdentity(
                    new Certificate(new TlsCertificate[] {cert}),
                    der,
                    PrivateKeyFactory.createKey(keys.getPrivate().getEncoded()),
                    CertificateFingerprint.sha256(der));
        }
    }

    /** A browser-like DTLS 1.2 client offering Chrome's SRTP profiles. */
    private static final class Client extends DefaultTlsClient {
        private final ClientIdentity identity;
        private final CertificateFingerprint serverFingerprint;

        Client(ClientIdentity identity, CertificateFingerprint serverFingerprint) {
            super(new BcTlsCrypto(new SecureRandom()));
            this.identity = identity;
            this.serverFingerprint = serverFingerprint;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        public Hashtable getClientExtensions() throws IOException {
            Hashtable ext = super.getClientExtensions();
            if (ext == null) {
                ext = new Hashtable();
            }
            TlsSRTPUtils.addUseSRTPExtension(
                    ext, new UseSRTPData(new int[] {0x0008, 0x0007, 0x0001}, TlsUtils.EMPTY_BYTES));
            return ext;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    if (!serverFingerprint.matches(serverCertificate
                            .getCertificate()
                            .getCertificateAt(0)
                            .getEncoded())) {
                        throw new IOException("server fingerprint mismatch");
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) {
                    return new BcDefaultTlsCredentialedSigner(
                            new TlsCryptoParameters(context),
                            (BcTlsCrypto) getCrypto(),
                            identity.key,
                            identity.chain,
                            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                }
            };
        }
    }

    /** The client's side of the in-memory link: a queue in, the server session's feed out. */
    private record QueueTransport(LinkedBlockingQueue<byte[]> in, DtlsServerSession server)
            implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 2048;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            try {
                byte[] d = in.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (d == null) {
                    return -1;
                }
                int n = Math.min(len, d.length);
                System.arraycopy(d, 0, buf, off, n);
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            server.feed(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void close() {}
    }
}
