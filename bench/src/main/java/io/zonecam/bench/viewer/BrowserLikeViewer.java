package io.zonecam.bench.viewer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.zonecam.webrtc.stun.Stun;
import io.zonecam.webrtc.stun.StunClass;
import io.zonecam.webrtc.stun.StunException;
import io.zonecam.webrtc.stun.StunIntegrity;
import io.zonecam.webrtc.stun.StunMessage;
import io.zonecam.webrtc.stun.StunMessageWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.tls.DatagramTransport;

/**
 * BrowserLikeViewer is one WebRTC receiver that does what a browser does for a recvonly H.264 video track: full
 * ICE (answers the server's checks, sends its own, nominates when the server is ICE-lite), a DTLS 1.2 client
 * handshake with use_srtp, authentication and decryption of every SRTP and SRTCP packet ({@link SrtpSession}),
 * RTX unwrapping (RFC 4588), receiver reports every second and generic NACKs for gaps (RFC 4585), and consent
 * checks every 4–6 s (RFC 7675).
 *
 * <p>Its socket is a Netty epoll channel ({@link ViewerSockets}) on the fleet's one event loop, which reads it and
 * calls {@link #onDatagram} for every datagram. {@link #connect} blocks a set-up thread: it signals, waits for an
 * ICE reply and handshakes DTLS over records the loop hands it; once SRTP is keyed the viewer is activated on the
 * loop, and from then every method runs there. Counters are cumulative; loss and frame completeness are settled
 * {@link ReceiveLedger#SETTLE} packets behind the highest sequence number, so NACK repairs count as received.
 */
final class BrowserLikeViewer {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long SECOND = 1_000_000_000L;

    final int index;
    final EpollDatagramChannel channel;
    private final String ufrag;
    private final String pwd;
    private final byte[] localKey;
    private final int ssrc = RANDOM.nextInt();
    private final long tieBreaker = RANDOM.nextLong();
    private final CountDownLatch iceConnected = new CountDownLatch(1);
    /** DTLS records the loop received during the handshake, for the set-up thread. */
    private final BlockingQueue<byte[]> dtls = new LinkedBlockingQueue<>();

    private volatile byte[] remoteKey;
    private volatile String username;
    private volatile boolean controlling;
    private InetSocketAddress remoteAddress;
    private SessionDescription.Remote remote;
    private Signalling.Exchange exchange;
    // From here on: the loop thread's alone.
    private SrtpSession srtp;
    /** Media that came before SRTP was keyed (the node starts sending as the handshake ends). */
    private final ArrayDeque<byte[]> early = new ArrayDeque<>();

    final ReceiveLedger media = new ReceiveLedger();
    private int rtxSsrc;
    private long rtxHighest = -1;
    private long lastSrNtpMiddle;
    private long lastSrAtNanos;
    private long nextReportNanos;
    private long nextConsentNanos;
    private volatile long lastConsentReplyNanos;

    // Counters read by the fleet's reporter (same thread).
    long authFailures;
    long srtcpReceived;
    long rtxReceived;
    long nacksSent;
    long reportsSent;
    long consentChecks;
    long consentReplies;
    long checksAnswered;

    BrowserLikeViewer(int index, ViewerSockets sockets, InetSocketAddress bindTo) throws IOException {
        this.index = index;
        this.ufrag = String.format(Locale.ROOT, "bv%06d", index);
        this.pwd = HexFormat.of().formatHex(RANDOM.generateSeed(12));
        this.localKey = StunIntegrity.shortTermKey(pwd);
        this.channel = sockets.open(bindTo, new Inbound());
    }

    /**
     * Signals, runs ICE and the DTLS handshake (blocking, on a set-up thread), then hands the keyed viewer to
     * {@code activated} on the loop thread.
     */
    void connect(Signalling signalling, DtlsSrtpClient.Identity id, Consumer<BrowserLikeViewer> activated)
            throws Exception {
        InetSocketAddress bound = channel.localAddress();
        exchange = signalling.negotiate(new SessionDescription.Local(ufrag, pwd, id.fingerprint(), bound));
        remote = exchange.remote();
        if (remote.candidates().isEmpty()) {
            throw new IOException("the server offered no IPv4 host candidate");
        }
        // ICE (RFC 8445 §6.1.1): against an ICE-lite server the browser controls; else the offerer (Janus) does.
        controlling = remote.iceLite();
        username = remote.ufrag() + ":" + ufrag;
        remoteKey = StunIntegrity.shortTermKey(remote.pwd());
        remoteAddress = remote.candidates().get(0);
        // Connected, as a browser's socket to its selected pair: the kernel drops datagrams from anyone else.
        if (!channel.connect(remoteAddress).await(5, TimeUnit.SECONDS) || !channel.isActive()) {
            throw new IOException("cannot connect the socket to " + remoteAddress);
        }
        long deadline = System.nanoTime() + 15 * SECOND;
        do {
            if (System.nanoTime() > deadline) {
                throw new IOException("no ICE connectivity");
            }
            sendCheck();
        } while (!iceConnected.await(100, TimeUnit.MILLISECONDS));
        DtlsSrtpClient.Keys keys = DtlsSrtpClient.handshake(new Transport(), id, remote.fingerprint());
        SrtpSession keyed = new SrtpSession(keys.profile(), keys.material(), true);
        EventLoop loop = channel.eventLoop();
        loop.execute(() -> {
            activate(keyed);
            activated.accept(this);
        });
    }

    private void activate(SrtpSession keyed) {
        srtp = keyed;
        long now = System.nanoTime();
        nextReportNanos = now + SECOND;
        nextConsentNanos = now + consentInterval();
        dtls.clear();
        for (byte[] p; (p = early.poll()) != null; ) {
            onDatagram(p, p.length, now);
        }
    }

    void close() {
        if (exchange != null) {
            exchange.close().run();
        }
        channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }

    /** Timers: receiver report every second, consent every 4–6 s, NACK retries (loop thread). */
    void tick(long now) {
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

    /** One datagram, demultiplexed by its first byte (RFC 7983); {@code p} may be reused after the call (loop). */
    void onDatagram(byte[] p, int len, long now) {
        if (len < 1) {
            return;
        }
        int b0 = p[0] & 0xFF;
        if (b0 < 4) {
            onStun(p, len);
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
        } else if (b0 >= 20 && b0 <= 63 && srtp == null) {
            dtls.add(Arrays.copyOf(p, len));
        }
        // DTLS after the handshake (a retransmitted Finished or an alert) needs no answer from a receiver.
    }

    private void onSrtp(byte[] p, int len, int pt, long now) {
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

    private void onStun(byte[] p, int len) {
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
            byte[] b = new byte[512];
            int n = new StunMessageWriter(b, 0, b.length)
                    .header(Stun.BINDING_SUCCESS_RESPONSE, m.buffer(), m.transactionIdOffset())
                    .addXorMappedAddress(remoteAddress)
                    .addMessageIntegrity(localKey)
                    .addFingerprint()
                    .length();
            send(b, n);
            checksAnswered++;
        } else if (m.messageClass() == StunClass.SUCCESS_RESPONSE
                && remoteKey != null
                && m.verifyMessageIntegrity(remoteKey)) {
            lastConsentReplyNanos = System.nanoTime();
            consentReplies++;
            iceConnected.countDown();
        }
    }

    /** A binding request: an ICE check during set-up, a consent check after (set-up thread, then loop). */
    private void sendCheck() {
        byte[] txid = new byte[12];
        RANDOM.nextBytes(txid);
        byte[] b = new byte[512];
        StunMessageWriter w = new StunMessageWriter(b, 0, b.length)
                .header(Stun.BINDING_REQUEST, txid)
                .addString(Stun.ATTR_USERNAME, username)
                .addUInt32(Stun.ATTR_PRIORITY, 1853824767);
        if (controlling) {
            w.addUInt64(Stun.ATTR_ICE_CONTROLLING, tieBreaker).addFlag(Stun.ATTR_USE_CANDIDATE);
        } else {
            w.addUInt64(Stun.ATTR_ICE_CONTROLLED, tieBreaker);
        }
        send(b, w.addMessageIntegrity(remoteKey).addFingerprint().length());
    }

    /** A compound RTCP packet: a receiver report, then a generic NACK when {@code nacks} is not empty. */
    private void sendRtcp(long now, int[] nacks) {
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
        byte[] protectedRtcp = srtp.protectRtcp(b, b.length);
        send(protectedRtcp, protectedRtcp.length);
        reportsSent++;
        nextReportNanos = now + SECOND;
    }

    /** Sends on the connected socket; Netty runs the write on the loop (at once when called there). */
    private void send(byte[] b, int len) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(b, 0, len), channel.voidPromise());
    }

    /** On the loop: every datagram read. */
    private final class Inbound extends ChannelInboundHandlerAdapter {
        private final byte[] rx = new byte[ViewerSockets.MAX_DATAGRAM];

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket d = (DatagramPacket) msg;
            try {
                ByteBuf c = d.content();
                int n = Math.min(c.readableBytes(), rx.length);
                c.getBytes(c.readerIndex(), rx, 0, n);
                onDatagram(rx, n, System.nanoTime());
            } finally {
                d.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable on the connected socket: the server went away (counted as stale consent).
        }
    }

    /** BouncyCastle's view of the socket during the handshake: the DTLS records the loop queued. */
    private final class Transport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return ViewerSockets.MAX_DATAGRAM;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            byte[] record;
            try {
                record = dtls.poll(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (record == null) {
                throw new SocketTimeoutException("no DTLS record");
            }
            int n = Math.min(record.length, len);
            System.arraycopy(record, 0, buf, off, n);
            return n;
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            BrowserLikeViewer.this.send(Arrays.copyOfRange(buf, off, off + len), len);
        }

        @Override
        public void close() {}
    }
}
