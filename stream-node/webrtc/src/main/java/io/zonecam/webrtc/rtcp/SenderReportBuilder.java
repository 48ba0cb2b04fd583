package io.zonecam.webrtc.rtcp;

import io.zonecam.webrtc.rtcp.RtcpPacket.SenderReport;
import java.util.List;

/**
 * SenderReportBuilder keeps what a sender report of one outgoing RTP stream needs — packet and octet counts and the
 * last RTP timestamp with the wallclock it was sent at — and builds the report (RFC 3550 §6.4.1).
 *
 * <p>The report's RTP timestamp is extrapolated from the last packet to the report's wallclock time at the stream's
 * clock rate, so receivers can line up audio and video. Not thread-safe: feed it from the stream's sending thread.
 */
public final class SenderReportBuilder {

    private final long ssrc;
    private final int clockRate;
    private long packets;
    private long octets;
    private long lastRtpTimestamp;
    private long lastSentUnixNanos;
    private boolean sent;

    /** A builder for one SSRC whose RTP clock runs at {@code clockRate} Hz (90000 for video). */
    public SenderReportBuilder(long ssrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate");
        }
        this.ssrc = ssrc & 0xFFFFFFFFL;
        this.clockRate = clockRate;
    }

    /** Records an RTP packet sent with this timestamp and payload length at this wallclock time. */
    public void onRtpSent(long rtpTimestamp, int payloadLength, long unixNanos) {
        packets++;
        octets += payloadLength;
        lastRtpTimestamp = rtpTimestamp & 0xFFFFFFFFL;
        lastSentUnixNanos = unixNanos;
        sent = true;
    }

    /** The report for this wallclock time, or {@code null} before the first packet (nothing to report). */
    public SenderReport build(long unixNanos) {
        if (!sent) {
            return null;
        }
        long elapsed = unixNanos - lastSentUnixNanos;
        // Split into whole seconds and the rest so long gaps cannot overflow.
        long ticks = Math.floorDiv(elapsed, 1_000_000_000L) * clockRate
                + Math.floorMod(elapsed, 1_000_000_000L) * clockRate / 1_000_000_000L;
        long rtp = (lastRtpTimestamp + ticks) & 0xFFFFFFFFL;
        return new SenderReport(
                ssrc, NtpTime.fromUnixNanos(unixNanos), rtp, packets & 0xFFFFFFFFL, octets & 0xFFFFFFFFL, List.of());
    }

    /** Writes the report for this wallclock time; returns the bytes written, 0 before the first packet. */
    public int write(byte[] buf, int offset, long unixNanos) {
        SenderReport sr = build(unixNanos);
        return sr == null ? 0 : RtcpWriter.senderReport(buf, offset, sr);
    }

    /** Packets sent so far. */
    public long packetCount() {
        return packets;
    }

    /** Payload octets sent so far. */
    public long octetCount() {
        return octets;
    }
}
