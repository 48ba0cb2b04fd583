package io.zonecam.bench.viewer;

import io.zonecam.webrtc.stun.Stun;
import io.zonecam.webrtc.stun.StunClass;
import io.zonecam.webrtc.stun.StunException;
import io.zonecam.webrtc.stun.StunIntegrity;
import io.zonecam.webrtc.stun.StunMessage;
import io.zonecam.webrtc.stun.StunMessageWriter;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.tls.DatagramTransport;

/**
 * BrowserLikeViewer is one WebRTC receiver that does what a browser does for a recvonly H.264 video track: full
 * ICE (answers the server's checks, sends its own, nominates when the server is ICE-lite), a DTLS 1.2 client
 * handshake with use_srtp, authentication and decryption of every SRTP and SRTCP packet ({@link SrtpSession}),
 * RTX unwrapping (RFC 4588), receiver reports every second and generic NACKs for gaps (RFC 4585), and consent
 * checks every 4–6 s (RFC 7675).
 *
 * <p>After {@link #connect} (blocking, on a set-up thread) every method runs on the fleet's one loop thread.
 * Counters are cumulative; loss and frame completeness are settled {@link ReceiveLedger#SETTLE} packets behind the
 * highest sequence number, so NACK repairs count as received.
 */
final class BrowserLikeViewer {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long SECOND = 1_000_000_000L;

    final int index;
    final DatagramChannel channel;
    private final String ufrag;
    private final String pwd;
    private final byte[] localKey;
    private final int ssrc = RANDOM.nextInt();
    private final long tieBreaker = RANDOM.nextLong();
    private SessionDescription.Remote remote;
    private Signalling.Exchange exchange;
    private byte[] remoteKey;
    private String username;
    private boolean controlling;
    private SrtpSession srtp;
    private final ArrayDeque<byte[]> early = new ArrayDeque<>();

    final ReceiveLedger media = new ReceiveLedger();
    private int rtxSsrc;
    private long rtxHighest = -1;
    private long lastSrNtpMiddle;
    private long lastSrAtNanos;
    private long nextReportNanos;
    private long nextConsentNanos;
    private long lastConsentReplyNanos;
    private final byte[] scratch = new byte[1500];

    // Counters read by the fleet's reporter (same thread).
    long authFailures;
    long srtcpReceived;
    long rtxReceived;
    long nacksSent;
    long reportsSent;
    long consentChecks;
    long consentReplies;
    long checksAnswered;

    BrowserLikeViewer(int index, InetSocketAddress bindTo) throws IOException {
        this.index = index;
        this.channel = DatagramChannel.open();
        channel.bind(bindTo);
        this.ufrag = String.format(Locale.ROOT, "bv%06d", index);
        this.pwd = HexFormat.of().formatHex(RANDOM.generateSeed(12));
        this.localKey = StunIntegrity.shortTermKey(pwd);
    }

    /** Signals, runs ICE and the DTLS handshake; the channel is left non-blocking for the fleet's selector. */
    void connect(Signalling signalling, DtlsSrtpClient.Identity id) throws Exception {
        InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
        exchange = signalling.negotiate(new SessionDescription.Local(ufrag, pwd, id.fingerprint(), bound));
        remote = exchange.remote();
        if (remote.candidates().isEmpty()) {
            throw new IOException("the server offered no IPv4 host candidate");
        }
        // ICE (RFC 8445 §6.1.1): against an ICE-lite server the browser controls; else the offerer (Janus) does.
        controlling = remote.iceLite();
        username = remote.ufrag() + ":" + ufrag;
        remoteKey = StunIntegrity.shortTermKey(remote.pwd());
        channel.connect(remote.candidates().get(0));
        channel.configureBlocking(true);
        channel.socket().setSoTimeout(100);
        long deadline = System.nanoTime() + 15 * SECOND;
        while (lastConsentReplyNanos == 0) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no ICE connectivity");
            }
            sendCheck();
            receiveOne(100);
        }
        DtlsSrtpClient.Keys keys = DtlsSrtpClient.handshake(new Transport(), id, remote.fingerprint());
        srtp = new SrtpSession(keys.profile(), keys.material(), true);
        channel.configureBlocking(false);
        long now = System.nanoTime();
        nextReportNanos = now + SECOND;
        nextConsentNanos = now + consentInterval();
        for (byte[] p : early) {
            onDatagram(p, p.length, now);
        }
        early.clear();
    }

    void close() {
        if (exchange != null) {
            exchange.close().run();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** Reads every queued datagram (loop thread). */
    void drain(ByteBuffer buf, long now) throws IOException {
        while (true) {
            buf.clear();
            if (channel.receive(buf) == null) {
                return;
            }
            onDatagram(buf.array(), buf.position(), now);
        }
    }

    /** Timers: receiver report every second, consent every 4–6 s, NACK retries (loop thread). */
    void tick(long now) throws IOException {
        if (srtp == null) {
            return;
        }
        int[] due = media.dueNacks(now);
        if (due.length > 0) {
            sendRtcp(now, due);
        } else if (now >= nextReportNanos) {
            sendRtcp(now, null);
        }
        if (now >= nextConsentNanos) {
            nextConsentNanos = now + consentInterval();
            sendCheck();
            consentChecks++;
        }
    }

    long secondsSinceConsentReply(long now) {
        return (now - lastConsentReplyNanos) / SECOND;
    }

    private static long consentInterval() {
        return 4 * SECOND + (long) (RANDOM.nextDouble() * 2 * SECOND);
    }

    void onDatagram(byte[] p, int len, long now) throws IOException {
        if (len < 1) {
            return;
        }
        int b0 = p[0] & 0xFF;
        if (b0 < 4) {
            onStun(p, len, channel.getRemoteAddress());
        } else if (b0 >= 128 && b0 <= 191 && len >= 12) {
            if (srtp == null) {
                early.add(Arrays.copyOf(p, len));
                return;
            }
            int pt = p[1] & 0x7F;
            if (pt >= 64 && pt <= 95) {
                onSrtcp(p, len, now);
            } else {
                onSrtp(p, len, pt, now);
            }
        }
        // DTLS after the handshake (a retransmitted Finished or an alert) needs no answer from a receiver.
    }

    private void onSrtp(byte[] p, int len, int pt, long now) throws IOException {
        int packetSsrc = SrtpSession.readInt(p, 8);
        int seq = ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
        if (pt == remote.rtxPayloadType() && remote.rtxPayloadType() >= 0) {
            long ext = packetSsrc == rtxSsrc && rtxHighest >= 0 ? ReceiveLedger.unwrap(rtxHighest, seq) : seq;
            int plain = srtp.unprotectRtp(p, len, (int) (ext >>> 16));
            if (plain < 0) {
                authFailures++;
                return;
            }
            rtxSsrc = packetSsrc;
            rtxHighest = Math.max(rtxHighest, ext);
            rtxReceived++;
            int h = SrtpSession.rtpHeaderLength(p, plain);
            if (plain >= h + 2) {
                int original = ((p[h] & 0xFF) << 8) | (p[h + 1] & 0xFF);
                media.onRepair(original, (p[1] & 0x80) != 0);
            }
            return;
        }
        if (pt != remote.videoPayloadType()) {
            return;
        }
        if (!media.sameSource(packetSsrc)) {
            media.restart(packetSsrc);
        }
        long ext = media.guess(seq);
        int plain = srtp.unprotectRtp(p, len, (int) (ext >>> 16));
        if (plain < 0) {
            authFailures++;
            return;
        }
        if (media.onPacket(ext, (p[1] & 0x80) != 0, now)) {
            sendRtcp(now, media.dueNacks(now));
        }
    }

    private void onSrtcp(byte[] p, int len, long now) {
        int plain = srtp.unprotectRtcp(p, len);
        if (plain < 0) {
            authFailures++;
            return;
        }
        srtcpReceived++;
        // Remember the last sender report for LSR/DLSR (RFC 3550 §6.4.1).
        for (int o = 0; o + 4 <= plain; ) {
            int type = p[o + 1] & 0xFF;
            int words = ((p[o + 2] & 0xFF) << 8) | (p[o + 3] & 0xFF);
            if (type == 200 && o + 16 <= plain) {
                lastSrNtpMiddle = SrtpSession.readInt(p, o + 10) & 0xFFFFFFFFL;
                lastSrAtNanos = now;
            }
            o += 4 * (words + 1);
        }
    }

    private void onStun(byte[] p, int len, SocketAddress from) throws IOException {
        StunMessage m;
        try {
            m = StunMessage.parse(p, 0, len);
        } catch (StunException e) {
            return;
        }
        if (m.messageClass() == StunClass.REQUEST) {
            if (!m.verifyMessageIntegrity(localKey)) {
                return;
            }
            int n = new StunMessageWriter(scratch, 0, scratch.length)
                    .header(Stun.BINDING_SUCCESS_RESPONSE, m.buffer(), m.transactionIdOffset())
                    .addXorMappedAddress((InetSocketAddress) from)
                    .addMessageIntegrity(localKey)
                    .addFingerprint()
                    .length();
            channel.write(ByteBuffer.wrap(scratch, 0, n));
            checksAnswered++;
        } else if (m.messageClass() == StunClass.SUCCESS_RESPONSE && m.verifyMessageIntegrity(remoteKey)) {
            lastConsentReplyNanos = System.nanoTime();
            consentReplies++;
        }
    }

    private void sendCheck() throws IOException {
        byte[] txid = new byte[12];
        RANDOM.nextBytes(txid);
        StunMessageWriter w = new StunMessageWriter(scratch, 0, scratch.length)
                .header(Stun.BINDING_REQUEST, txid)
                .addString(Stun.ATTR_USERNAME, username)
                .addUInt32(Stun.ATTR_PRIORITY, 1853824767);
        if (controlling) {
            w.addUInt64(Stun.ATTR_ICE_CONTROLLING, tieBreaker).addFlag(Stun.ATTR_USE_CANDIDATE);
        } else {
            w.addUInt64(Stun.ATTR_ICE_CONTROLLED, tieBreaker);
        }
        int n = w.addMessageIntegrity(remoteKey).addFingerprint().length();
        channel.write(ByteBuffer.wrap(scratch, 0, n));
    }

    /** A compound RTCP packet: a receiver report, then a generic NACK when {@code nacks} is not empty. */
    private void sendRtcp(long now, int[] nacks) throws IOException {
        byte[] b = new byte[32 + (nacks == null || nacks.length == 0 ? 0 : 12 + 4 * nacks.length)];
        b[0] = (byte) 0x81; // V=2, one report block
        b[1] = (byte) 201;
        b[3] = 7;
        SrtpSession.writeInt(b, 4, ssrc);
        SrtpSession.writeInt(b, 8, media.ssrc());
        int lost = (int) Math.min(0x7FFFFF, media.lost);
        SrtpSession.writeInt(b, 12, (media.takeFractionLost() << 24) | lost);
        SrtpSession.writeInt(b, 16, (int) Math.max(0, media.highest()));
        if (lastSrAtNanos != 0) {
            SrtpSession.writeInt(b, 24, (int) lastSrNtpMiddle);
            SrtpSession.writeInt(b, 28, (int) ((now - lastSrAtNanos) * 65536 / SECOND));
        }
        if (nacks != null && nacks.length > 0) {
            int words = 2 + nacks.length;
            b[32] = (byte) 0x81; // V=2, FMT=1 generic NACK
            b[33] = (byte) 205;
            b[34] = (byte) (words >>> 8);
            b[35] = (byte) words;
            SrtpSession.writeInt(b, 36, ssrc);
            SrtpSession.writeInt(b, 40, media.ssrc());
            for (int i = 0; i < nacks.length; i++) {
                SrtpSession.writeInt(b, 44 + 4 * i, nacks[i]);
            }
            nacksSent++;
        }
        channel.write(ByteBuffer.wrap(srtp.protectRtcp(b, b.length)));
        reportsSent++;
        nextReportNanos = now + SECOND;
    }

    /** Blocking receive of one datagram during set-up; STUN is answered here, anything else returned or kept. */
    private int receiveOne(int waitMillis) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
        channel.socket().setSoTimeout(Math.max(1, waitMillis));
        try {
            channel.socket().receive(packet);
        } catch (SocketTimeoutException e) {
            return -1;
        }
        byte[] p = packet.getData();
        int len = packet.getLength();
        int b0 = p[0] & 0xFF;
        if (b0 < 4) {
            onStun(p, len, packet.getSocketAddress());
            return 0;
        }
        if (b0 >= 20 && b0 <= 63) {
            System.arraycopy(p, 0, scratch, 0, len);
            return len;
        }
        if (b0 >= 128 && b0 <= 191) {
            early.add(Arrays.copyOf(p, len));
        }
        return 0;
    }

    /** BouncyCastle's view of the socket during the handshake: DTLS records only, STUN answered on the way. */
    private final class Transport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            long deadline = System.nanoTime() + waitMillis * 1_000_000L;
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new SocketTimeoutException("no DTLS record");
                }
                int n = receiveOne((int) left);
                if (n > 0) {
                    System.arraycopy(scratch, 0, buf, off, Math.min(n, len));
                    return Math.min(n, len);
                }
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            channel.write(ByteBuffer.wrap(buf, off, len));
        }

        @Override
        public void close() {}
    }
}
