package io.zonecam.webrtc.sfu;

import io.zonecam.webrtc.rtcp.RtcpException;
import io.zonecam.webrtc.rtcp.RtcpPacket;
import io.zonecam.webrtc.rtcp.RtcpParser;
import io.zonecam.webrtc.rtcp.RtcpRateLimiter;
import io.zonecam.webrtc.srtp.SrtpContext;
import java.util.List;

/**
 * ViewerFeedback is the receiving half of one viewer: it rate-limits the browser's SRTCP before anything else,
 * authenticates and decrypts it, parses it and turns what the SFU acts on into events: NACKs for the viewer's video
 * stream, and keyframe requests (PLI, FIR) at most once per interval.
 *
 * <p>Used by the transport's receive thread only: the inbound SRTP context and the rate limiter are that thread's.
 */
final class ViewerFeedback {

    /** What the feedback asks of the viewer. */
    interface Events {

        /** The browser lost these video sequence numbers (viewer numbering). */
        void nacked(int[] sequenceNumbers);

        /** The browser needs a keyframe (throttled already). */
        void keyframeRequested();
    }

    private final SrtpContext inbound;
    private final int videoSsrc;
    private final long keyframeIntervalNanos;
    private final SfuMetrics metrics;
    private final SfuClock clock;
    private final Events events;
    private final RtcpRateLimiter limiter;
    private long lastKeyframeAnswerNanos;

    /**
     * @param inbound               the SRTP context opening what the browser sends
     * @param videoSsrc             the viewer's video SSRC: NACKs for others are ignored
     * @param keyframeIntervalNanos keyframe requests answered at most this often
     */
    ViewerFeedback(
            SrtpContext inbound,
            int videoSsrc,
            long keyframeIntervalNanos,
            SfuMetrics metrics,
            SfuClock clock,
            Events events) {
        this.inbound = inbound;
        this.videoSsrc = videoSsrc;
        this.keyframeIntervalNanos = keyframeIntervalNanos;
        this.metrics = metrics;
        this.clock = clock;
        this.events = events;
        this.limiter = RtcpRateLimiter.perViewer(clock::nanoTime);
        this.lastKeyframeAnswerNanos = clock.nanoTime() - keyframeIntervalNanos;
    }

    /** One SRTCP datagram from the viewer's address, decrypted in place in the receive buffer. */
    void onRtcp(byte[] buf, int offset, int length) {
        if (!limiter.tryAcquire(length)) {
            metrics.rtcpRateLimited.increment();
            return;
        }
        int n = inbound.unprotectRtcp(buf, offset, length);
        if (n < 0) {
            metrics.srtcpRejected.increment();
            return;
        }
        List<RtcpPacket> packets;
        try {
            packets = RtcpParser.parse(buf, offset, n);
        } catch (RtcpException e) {
            metrics.rtcpMalformed.increment();
            return;
        }
        for (RtcpPacket p : packets) {
            switch (p) {
                case RtcpPacket.GenericNack nack -> {
                    if ((int) nack.mediaSsrc() == videoSsrc) {
                        int[] lost = nack.lostSequenceNumbers();
                        metrics.nackedPackets.add(lost.length);
                        events.nacked(lost);
                    }
                }
                case RtcpPacket.PictureLossIndication pli -> {
                    metrics.plis.increment();
                    keyframeRequested();
                }
                case RtcpPacket.FullIntraRequest fir -> {
                    metrics.firs.increment();
                    keyframeRequested();
                }
                default -> {
                    // RR, SR, SDES, BYE, REMB, TWCC: nothing to do for a receive-only viewer of a camera we cannot
                    // steer.
                }
            }
        }
    }

    /**
     * PLI/FIR: the camera cannot be asked for a keyframe from here (a later MQTT command could), so the viewer gets the
     * cached GOP again, at most once per {@link SfuConfig#keyframeAnswerInterval()}.
     */
    private void keyframeRequested() {
        long now = clock.nanoTime();
        if (now - lastKeyframeAnswerNanos < keyframeIntervalNanos) {
            metrics.keyframeRequestsThrottled.increment();
            return;
        }
        lastKeyframeAnswerNanos = now;
        events.keyframeRequested();
    }
}
