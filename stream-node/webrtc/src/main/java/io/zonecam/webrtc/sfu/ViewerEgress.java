package io.zonecam.webrtc.sfu;

import io.zonecam.webrtc.negotiation.NegotiatedAudio;
import io.zonecam.webrtc.negotiation.NegotiatedSession;
import io.zonecam.webrtc.negotiation.NegotiatedVideo;
import io.zonecam.webrtc.rtcp.RtcpWriter;
import io.zonecam.webrtc.rtcp.SenderReportBuilder;
import io.zonecam.webrtc.rtx.RetransmissionBuffer;
import io.zonecam.webrtc.rtx.RtxEncoder;
import io.zonecam.webrtc.srtp.SrtpContext;
import io.zonecam.webrtc.transport.DatagramSender;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ViewerEgress sends one viewer's batches: it writes each shared packet's header in the viewer's numbering (SSRC,
 * payload type, contiguous sequence numbers, the burst's timestamp delta), encrypts the shared payload straight into
 * the worker's datagram buffer, serves NACKs from the camera's retransmission buffer (as RTX when negotiated, else
 * the identical packet again) and writes RTCP sender reports. Datagrams go into the worker's outgoing batch
 * ({@link EgressScratch#queue}) and leave with other viewers' datagrams in one send.
 *
 * <p>Used by the viewer's one egress worker only: the outbound SRTP context, sequence numbers, RTX encoder and
 * sender-report state are that thread's.
 */
final class ViewerEgress {

    /** Sent video sequence numbers remembered for NACK translation: ~2.5 s at 2 Mb/s, more than RTX keeps. */
    private static final int SEQ_MAP = 1024;

    private static final int VALID = 0x10000;

    private final SrtpContext outbound;
    private final RtxEncoder rtx;
    private final RetransmissionBuffer retransmissions;
    private final DatagramSender sender;
    private final SfuClock clock;
    private final String cname;
    private final int videoSsrc;
    private final int videoPt;
    private final int audioSsrc;
    private final int audioPt;
    private final SenderReportBuilder videoReport;
    private final SenderReportBuilder audioReport;
    private int nextVideoSeq = ThreadLocalRandom.current().nextInt(0x10000);
    private int nextAudioSeq = ThreadLocalRandom.current().nextInt(0x10000);
    private final int[] mapKey = new int[SEQ_MAP];
    private final int[] mapCamera = new int[SEQ_MAP];
    private final int[] mapDelta = new int[SEQ_MAP];
    private volatile long firstMediaNanos;
    /** SRTP bytes sent to this viewer; written by its egress worker only, read once it closed (access records). */
    private long bytesSent;

    /**
     * @param outbound        the SRTP context protecting what the node sends to this viewer
     * @param retransmissions the camera's buffer NACKs are served from
     */
    ViewerEgress(
            NegotiatedSession session,
            SrtpContext outbound,
            RetransmissionBuffer retransmissions,
            DatagramSender sender,
            SfuClock clock) {
        NegotiatedVideo v = session.video();
        NegotiatedAudio a = session.audio().orElse(null);
        this.outbound = outbound;
        this.rtx = v.hasRtx()
                ? new RtxEncoder(
                        v.rtxPayloadType(),
                        v.rtxSsrc(),
                        ThreadLocalRandom.current().nextInt(0x10000))
                : null;
        this.retransmissions = retransmissions;
        this.sender = sender;
        this.clock = clock;
        this.cname = session.cname();
        this.videoSsrc = (int) v.ssrc();
        this.videoPt = v.payloadType();
        this.audioSsrc = a == null ? 0 : (int) a.ssrc();
        this.audioPt = a == null ? 0 : a.payloadType();
        this.videoReport = new SenderReportBuilder(v.ssrc(), 90_000);
        this.audioReport = a == null ? null : new SenderReportBuilder(a.ssrc(), a.clockRate());
    }

    /** Sends a batch to {@code to}: retransmissions first, then the queued packets, then a sender report if due. */
    void send(EgressScratch s, InetSocketAddress to) {
        EgressBatch b = s.batch;
        long unixNanos = clock.unixNanos();
        for (int i = 0; i < b.nackCount; i++) {
            retransmit(s, b.nacks[i], to);
        }
        for (int i = 0; i < b.size; i++) {
            sendMedia(s, b.packets[i], b.deltas[i], to, unixNanos);
        }
        if (b.senderReport) {
            sendSenderReport(s, to, unixNanos);
        }
    }

    /** When the first media packet left for this viewer ({@link System#nanoTime()} scale), or 0. */
    long firstMediaNanos() {
        return firstMediaNanos;
    }

    private void sendMedia(EgressScratch s, OutboundPacket p, int delta, InetSocketAddress to, long unixNanos) {
        byte[] d = s.datagram;
        int ts = p.rtpTimestamp + delta;
        SenderReportBuilder report;
        if (p.video) {
            int seq = nextVideoSeq;
            nextVideoSeq = (seq + 1) & 0xFFFF;
            OutboundPacket.writeHeader(d, 0, p.marker(), videoPt, seq, ts, videoSsrc);
            int k = seq & (SEQ_MAP - 1);
            mapKey[k] = seq | VALID;
            mapCamera[k] = p.cameraSequence;
            mapDelta[k] = delta;
            report = videoReport;
        } else {
            int seq = nextAudioSeq;
            nextAudioSeq = (seq + 1) & 0xFFFF;
            OutboundPacket.writeHeader(d, 0, p.marker(), audioPt, seq, ts, audioSsrc);
            report = audioReport;
        }
        // The fan-out path: the shared payload is read once and encrypted straight into this viewer's datagram.
        int n = outbound.protectRtp(d, 0, OutboundPacket.HEADER, p.data, OutboundPacket.HEADER, p.payloadLength());
        if (!queueRtp(s, d, n, to)) {
            return;
        }
        report.onRtpSent(ts & 0xFFFFFFFFL, p.payloadLength(), unixNanos);
        if (firstMediaNanos == 0) {
            firstMediaNanos = clock.nanoTime();
        }
    }

    /** Serves one NACKed sequence number of this viewer's video stream: RTX when negotiated, else the same packet. */
    private void retransmit(EgressScratch s, int viewerSeq, InetSocketAddress to) {
        int k = viewerSeq & (SEQ_MAP - 1);
        byte[] original = mapKey[k] == (viewerSeq | VALID) ? retransmissions.get(mapCamera[k]) : null;
        if (original == null) {
            s.nackMisses++;
            return;
        }
        byte[] plain = s.plain;
        int len = original.length;
        System.arraycopy(original, 0, plain, 0, len);
        int ts = OutboundPacket.readInt(original, 4) + mapDelta[k];
        // Exactly the header the viewer got the first time, so a plain retransmission is byte-identical.
        OutboundPacket.writeHeader(plain, 0, (original[1] & 0x80) != 0, videoPt, viewerSeq, ts, videoSsrc);
        byte[] out;
        int n;
        if (rtx != null) {
            int m = rtx.encode(plain, len, s.datagram, 0);
            if (m < 0) {
                s.nackMisses++;
                return;
            }
            out = s.datagram;
            n = outbound.protectRtp(out, 0, m);
        } else {
            out = plain;
            n = outbound.protectRtp(out, 0, len);
        }
        if (queueRtp(s, out, n, to)) {
            s.retransmissions++;
        }
    }

    /**
     * Queues the SRTP packet {@code d[0, n)} for {@code to} and counts it as sent; or, when {@code n} is negative (the
     * SRTP layer refused to protect), counts the error and returns false.
     */
    private boolean queueRtp(EgressScratch s, byte[] d, int n, InetSocketAddress to) {
        if (n < 0) {
            s.srtpErrors++;
            return false;
        }
        s.queue(sender, d, n, to);
        s.packetsSent++;
        s.bytesSent += n;
        bytesSent += n;
        return true;
    }

    /** SR for each stream that sent something, then SDES CNAME: a compound RTCP packet (RFC 3550 §6.1). */
    private void sendSenderReport(EgressScratch s, InetSocketAddress to, long unixNanos) {
        byte[] d = s.datagram;
        int pos = videoReport.write(d, 0, unixNanos);
        long firstSsrc = pos > 0 ? videoSsrc & 0xFFFFFFFFL : audioSsrc & 0xFFFFFFFFL;
        if (audioReport != null) {
            pos += audioReport.write(d, pos, unixNanos);
        }
        if (pos == 0) {
            return;
        }
        pos += RtcpWriter.sdesCname(d, pos, firstSsrc, cname);
        int n = outbound.protectRtcp(d, 0, pos);
        if (n < 0) {
            s.srtpErrors++;
            return;
        }
        s.queue(sender, d, n, to);
        s.senderReports++;
        s.bytesSent += n;
    }

    /** SRTP bytes sent to this viewer so far (exact once its worker stopped serving it). */
    long bytesSent() {
        return bytesSent;
    }
}
