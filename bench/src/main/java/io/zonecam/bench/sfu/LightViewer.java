package io.zonecam.bench.sfu;

import io.zonecam.webrtc.stun.Stun;
import io.zonecam.webrtc.stun.StunIntegrity;
import io.zonecam.webrtc.stun.StunMessageWriter;
import java.io.IOException;
import java.math.BigInteger;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
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
import org.bouncycastle.tls.UDPTransport;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * LightViewer is the benchmark's receiving client: it does what a browser must to make the SFU send (an offer, a
 * nominating STUN check, a DTLS 1.2 handshake with use_srtp) and then only counts the SRTP packets it receives and
 * the gaps in their (unencrypted) sequence numbers, without decrypting them.
 */
final class LightViewer {

    /** The client certificate and key all light viewers share. */
    record Identity(byte[] der, AsymmetricKeyParameter key, String fingerprint) {
        static Identity generate() throws Exception {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = kpg.generateKeyPair();
            X500Name name = new X500Name("CN=bench");
            long now = System.currentTimeMillis();
            byte[] der = new JcaX509v3CertificateBuilder(
                            name,
                            BigInteger.valueOf(now),
                            new Date(now - 86_400_000L),
                            new Date(now + 86_400_000L),
                            name,
                            kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()))
                    .getEncoded();
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(der);
            String fp = HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash);
            return new Identity(der, PrivateKeyFactory.createKey(kp.getPrivate().getEncoded()), fp);
        }
    }

    final int index;
    final DatagramChannel channel;
    final String ufrag;
    final String pwd;
    private String username;
    private byte[] key;
    // Receive statistics, touched only by the harness's receive thread.
    long received;
    long highest = -1;
    long first = -1;

    LightViewer(int index) throws IOException {
        this.index = index;
        this.channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        this.ufrag = String.format(Locale.ROOT, "lv%06d", index);
        this.pwd = "benchPassword" + String.format(Locale.ROOT, "%012d", index);
    }

    String offer(Identity id) {
        return "v=0\r\no=- " + (index + 1) + " 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\n"
                + "a=ice-ufrag:" + ufrag + "\r\na=ice-pwd:" + pwd + "\r\n"
                + "a=fingerprint:sha-256 " + id.fingerprint() + "\r\na=setup:actpass\r\na=mid:0\r\na=recvonly\r\n"
                + "a=rtcp-mux\r\na=rtpmap:96 H264/90000\r\n"
                + "a=fmtp:96 profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1\r\n"
                + "a=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n";
    }

    /** Nominating check, then the DTLS handshake; blocking, with timeouts. */
    void connect(String answer, InetSocketAddress sfu, Identity id) throws Exception {
        String localUfrag = attr(answer, "ice-ufrag");
        username = localUfrag + ":" + ufrag;
        key = StunIntegrity.shortTermKey(attr(answer, "ice-pwd"));
        channel.connect(sfu);
        DatagramSocket socket = channel.socket();
        socket.setSoTimeout(2000);
        consentCheck();
        ByteBuffer b = ByteBuffer.allocate(2048);
        channel.read(b); // the Binding success response (the SFU sends nothing else before DTLS)
        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        new DTLSClientProtocol().connect(new Client(crypto, id), new UDPTransport(socket, 1200));
        channel.configureBlocking(false);
    }

    /** A Binding request with USE-CANDIDATE: nominates, and refreshes consent (RFC 7675). */
    void consentCheck() throws IOException {
        byte[] buf = new byte[256];
        byte[] txid = new byte[12];
        new SecureRandom().nextBytes(txid);
        int n = new StunMessageWriter(buf, 0, buf.length)
                .header(Stun.BINDING_REQUEST, txid)
                .addString(Stun.ATTR_USERNAME, username)
                .addUInt32(Stun.ATTR_PRIORITY, 1853824767)
                .addUInt64(Stun.ATTR_ICE_CONTROLLING, index)
                .addFlag(Stun.ATTR_USE_CANDIDATE)
                .addMessageIntegrity(key)
                .addFingerprint()
                .length();
        channel.write(ByteBuffer.wrap(buf, 0, n));
    }

    /** Counts one datagram: SRTP packets by their clear-text sequence number. */
    void count(ByteBuffer b) {
        if (b.limit() < 12) {
            return;
        }
        int b0 = b.get(0) & 0xFF;
        int pt = b.get(1) & 0x7F;
        if (b0 < 128 || b0 > 191 || (pt >= 64 && pt <= 95)) {
            return; // STUN, DTLS or SRTCP
        }
        int seq = ((b.get(2) & 0xFF) << 8) | (b.get(3) & 0xFF);
        long ext;
        if (highest < 0) {
            ext = seq;
            first = seq;
        } else {
            long base = highest & ~0xFFFFL;
            ext = base | seq;
            if (ext < highest - 32768) {
                ext += 65536;
            } else if (ext > highest + 32768) {
                ext -= 65536;
            }
        }
        if (ext > highest) {
            highest = ext;
        }
        received++;
    }

    private static String attr(String sdp, String name) {
        Matcher m = Pattern.compile("a=" + name + ":(\\S+)").matcher(sdp);
        if (!m.find()) {
            throw new IllegalStateException("answer without a=" + name);
        }
        return m.group(1);
    }

    private static final class Client extends DefaultTlsClient {
        private final Identity id;

        Client(BcTlsCrypto crypto, Identity id) {
            super(crypto);
            this.id = id;
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
            // AEAD_AES_256_GCM first, as Chromium: the profile the benchmark measures.
            TlsSRTPUtils.addUseSRTPExtension(
                    ext, new UseSRTPData(new int[] {0x0008, 0x0007, 0x0001}, TlsUtils.EMPTY_BYTES));
            return ext;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                    // The benchmark trusts the node it started.
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
