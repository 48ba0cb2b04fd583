package io.zonecam.webrtc.rtcp;

import java.util.Arrays;
import java.util.List;

/**
 * RtcpPacket is one packet of an RTCP compound (RFC 3550 §6), decoded by {@link RtcpParser}.
 *
 * <p>SSRCs and 32-bit counters are unsigned values held in {@code long}s.
 */
public sealed interface RtcpPacket {

    /** Packet type of a sender report. */
    int PT_SR = 200;
    /** Packet type of a receiver report. */
    int PT_RR = 201;
    /** Packet type of source description. */
    int PT_SDES = 202;
    /** Packet type of goodbye. */
    int PT_BYE = 203;
    /** Packet type of application-defined packets. */
    int PT_APP = 204;
    /** Transport-layer feedback (RFC 4585 §6.2). */
    int PT_RTPFB = 205;
    /** Payload-specific feedback (RFC 4585 §6.3). */
    int PT_PSFB = 206;
    /** Extended reports (RFC 3611). */
    int PT_XR = 207;

    /**
     * ReportBlock is one receiver's statistics about one source (RFC 3550 §6.4.1).
     *
     * @param ssrc                        the source reported on
     * @param fractionLost                loss since the last report, in 1/256
     * @param cumulativeLost              signed 24-bit cumulative loss
     * @param extendedHighestSequence     cycles × 2^16 + highest sequence number received
     * @param jitter                      interarrival jitter in timestamp units
     * @param lastSenderReport            middle 32 bits of the last SR's NTP timestamp (LSR)
     * @param delaySinceLastSenderReport  DLSR in 1/65536 s
     */
    record ReportBlock(
            long ssrc,
            int fractionLost,
            int cumulativeLost,
            long extendedHighestSequence,
            long jitter,
            long lastSenderReport,
            long delaySinceLastSenderReport) {}

    /**
     * SenderReport is a sender report (RFC 3550 §6.4.1).
     *
     * @param ssrc          the sender
     * @param ntpTimestamp  64-bit NTP wallclock time
     * @param rtpTimestamp  the RTP timestamp that corresponds to it
     * @param packetCount   packets sent (wraps at 2^32)
     * @param octetCount    payload octets sent (wraps at 2^32)
     * @param reports       report blocks
     */
    record SenderReport(
            long ssrc,
            long ntpTimestamp,
            long rtpTimestamp,
            long packetCount,
            long octetCount,
            List<ReportBlock> reports)
            implements RtcpPacket {
        /** Copies the report list. */
        public SenderReport {
            reports = List.copyOf(reports);
        }
    }

    /**
     * ReceiverReport is a receiver report (RFC 3550 §6.4.2).
     *
     * @param ssrc    the reporter
     * @param reports report blocks
     */
    record ReceiverReport(long ssrc, List<ReportBlock> reports) implements RtcpPacket {
        /** Copies the report list. */
        public ReceiverReport {
            reports = List.copyOf(reports);
        }
    }

    /**
     * SdesChunk is an SDES chunk reduced to its CNAME (RFC 3550 §6.5.1); other items are skipped.
     *
     * @param ssrc  the source
     * @param cname the CNAME, or {@code null} when the chunk had none
     */
    record SdesChunk(long ssrc, String cname) {}

    /**
     * SourceDescription is an SDES packet (RFC 3550 §6.5).
     *
     * @param chunks one chunk per source
     */
    record SourceDescription(List<SdesChunk> chunks) implements RtcpPacket {
        /** Copies the chunk list. */
        public SourceDescription {
            chunks = List.copyOf(chunks);
        }
    }

    /**
     * Bye is a goodbye packet (RFC 3550 §6.6).
     *
     * @param ssrcs  the sources leaving
     * @param reason the reason, or {@code null}
     */
    record Bye(List<Long> ssrcs, String reason) implements RtcpPacket {
        /** Copies the SSRC list. */
        public Bye {
            ssrcs = List.copyOf(ssrcs);
        }
    }

    /**
     * GenericNack is a generic NACK (RFC 4585 §6.2.1), already expanded from PID + BLP pairs.
     *
     * @param senderSsrc          the receiver sending the NACK
     * @param mediaSsrc           the source whose packets are lost
     * @param lostSequenceNumbers the lost RTP sequence numbers, in FCI order
     */
    record GenericNack(long senderSsrc, long mediaSsrc, int[] lostSequenceNumbers) implements RtcpPacket {
        /** Copies the array. */
        public GenericNack {
            lostSequenceNumbers = lostSequenceNumbers.clone();
        }

        /** A copy of the lost sequence numbers. */
        @Override
        public int[] lostSequenceNumbers() {
            return lostSequenceNumbers.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GenericNack n
                    && n.senderSsrc == senderSsrc
                    && n.mediaSsrc == mediaSsrc
                    && Arrays.equals(n.lostSequenceNumbers, lostSequenceNumbers);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(senderSsrc) * 31
                    + Long.hashCode(mediaSsrc) * 17
                    + Arrays.hashCode(lostSequenceNumbers);
        }

        @Override
        public String toString() {
            return "GenericNack[sender=" + senderSsrc + ", media=" + mediaSsrc + ", lost="
                    + Arrays.toString(lostSequenceNumbers) + "]";
        }
    }

    /**
     * PictureLossIndication says the viewer needs a keyframe (RFC 4585 §6.3.1).
     *
     * @param senderSsrc the viewer
     * @param mediaSsrc  the video source
     */
    record PictureLossIndication(long senderSsrc, long mediaSsrc) implements RtcpPacket {}

    /**
     * FirEntry is one full intra request entry (RFC 5104 §4.3.1.1).
     *
     * @param ssrc           the media source asked for a keyframe
     * @param sequenceNumber the command sequence number, to ignore repeats
     */
    record FirEntry(long ssrc, int sequenceNumber) {}

    /**
     * FullIntraRequest is a full intra request (RFC 5104 §4.3.1).
     *
     * @param senderSsrc the requester
     * @param entries    one entry per media source
     */
    record FullIntraRequest(long senderSsrc, List<FirEntry> entries) implements RtcpPacket {
        /** Copies the entry list. */
        public FullIntraRequest {
            entries = List.copyOf(entries);
        }
    }

    /**
     * Skipped stands for a packet that was not decoded: APP, XR, REMB, transport-wide congestion control and other
     * feedback.
     *
     * @param packetType the packet type
     * @param format     the count/FMT field
     * @param length     the packet length in bytes
     */
    record Skipped(int packetType, int format, int length) implements RtcpPacket {}
}
