package io.zonecam.webrtc.rtcp;

import io.zonecam.webrtc.rtcp.RtcpPacket.FirEntry;
import io.zonecam.webrtc.rtcp.RtcpPacket.ReportBlock;
import io.zonecam.webrtc.rtcp.RtcpPacket.SenderReport;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RtcpWriter encodes RTCP packets (RFC 3550 §6, RFC 4585 §6, RFC 5104 §4.3.1) into a caller buffer; a compound
 * packet is several writes back to back. Each method returns the bytes written and throws
 * {@link IndexOutOfBoundsException} when the buffer is too small.
 */
public final class RtcpWriter {

    private RtcpWriter() {}

    /** Writes a sender report with its report blocks (at most 31). */
    public static int senderReport(byte[] buf, int offset, SenderReport sr) {
        List<ReportBlock> blocks = sr.reports();
        int length = 28 + 24 * blocks.size();
        header(buf, offset, blocks.size(), RtcpPacket.PT_SR, length);
        putInt(buf, offset + 4, sr.ssrc());
        putInt(buf, offset + 8, sr.ntpTimestamp() >>> 32);
        putInt(buf, offset + 12, sr.ntpTimestamp());
        putInt(buf, offset + 16, sr.rtpTimestamp());
        putInt(buf, offset + 20, sr.packetCount());
        putInt(buf, offset + 24, sr.octetCount());
        reportBlocks(buf, offset + 28, blocks);
        return length;
    }

    /** Writes a receiver report (at most 31 blocks). */
    public static int receiverReport(byte[] buf, int offset, long ssrc, List<ReportBlock> blocks) {
        int length = 8 + 24 * blocks.size();
        header(buf, offset, blocks.size(), RtcpPacket.PT_RR, length);
        putInt(buf, offset + 4, ssrc);
        reportBlocks(buf, offset + 8, blocks);
        return length;
    }

    /** Writes an SDES packet with one chunk holding a CNAME (RFC 3550 §6.5.1). */
    public static int sdesCname(byte[] buf, int offset, long ssrc, String cname) {
        byte[] text = cname.getBytes(StandardCharsets.UTF_8);
        if (text.length > 255) {
            throw new IllegalArgumentException("CNAME longer than 255 bytes");
        }
        // SSRC, CNAME item, END octet, padding to 32 bits.
        int chunk = (4 + 2 + text.length + 1 + 3) & ~3;
        int length = 4 + chunk;
        checkRoom(buf, offset, length);
        header(buf, offset, 1, RtcpPacket.PT_SDES, length);
        putInt(buf, offset + 4, ssrc);
        buf[offset + 8] = 1;
        buf[offset + 9] = (byte) text.length;
        System.arraycopy(text, 0, buf, offset + 10, text.length);
        for (int i = offset + 10 + text.length; i < offset + length; i++) {
            buf[i] = 0;
        }
        return length;
    }

    /** Writes a BYE for these sources (at most 31) with an optional reason. */
    public static int bye(byte[] buf, int offset, long[] ssrcs, String reason) {
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > 255 || ssrcs.length > 31) {
            throw new IllegalArgumentException("BYE reason or source list too long");
        }
        int body = 4 * ssrcs.length + (reason == null ? 0 : 1 + text.length);
        int length = 4 + ((body + 3) & ~3);
        checkRoom(buf, offset, length);
        header(buf, offset, ssrcs.length, RtcpPacket.PT_BYE, length);
        int pos = offset + 4;
        for (long s : ssrcs) {
            putInt(buf, pos, s);
            pos += 4;
        }
        if (reason != null) {
            buf[pos++] = (byte) text.length;
            System.arraycopy(text, 0, buf, pos, text.length);
            pos += text.length;
        }
        while (pos < offset + length) {
            buf[pos++] = 0;
        }
        return length;
    }

    /**
     * Writes a generic NACK (RFC 4585 §6.2.1) for lost sequence numbers, packing each run within 16 of a PID into
     * its BLP; give them in sending order.
     */
    public static int nack(byte[] buf, int offset, long senderSsrc, long mediaSsrc, int[] lost) {
        if (lost.length == 0) {
            throw new IllegalArgumentException("nothing to NACK");
        }
        int pos = offset + 12;
        int i = 0;
        while (i < lost.length) {
            int pid = lost[i++] & 0xFFFF;
            int blp = 0;
            while (i < lost.length) {
                int diff = ((lost[i] & 0xFFFF) - pid) & 0xFFFF;
                if (diff < 1 || diff > 16) {
                    break;
                }
                blp |= 1 << (diff - 1);
                i++;
            }
            checkRoom(buf, pos, 4);
            buf[pos] = (byte) (pid >>> 8);
            buf[pos + 1] = (byte) pid;
            buf[pos + 2] = (byte) (blp >>> 8);
            buf[pos + 3] = (byte) blp;
            pos += 4;
        }
        int length = pos - offset;
        header(buf, offset, 1, RtcpPacket.PT_RTPFB, length);
        putInt(buf, offset + 4, senderSsrc);
        putInt(buf, offset + 8, mediaSsrc);
        return length;
    }

    /** Writes a picture loss indication (RFC 4585 §6.3.1). */
    public static int pli(byte[] buf, int offset, long senderSsrc, long mediaSsrc) {
        checkRoom(buf, offset, 12);
        header(buf, offset, 1, RtcpPacket.PT_PSFB, 12);
        putInt(buf, offset + 4, senderSsrc);
        putInt(buf, offset + 8, mediaSsrc);
        return 12;
    }

    /** Writes a full intra request (RFC 5104 §4.3.1); the media source field is zero as the RFC says. */
    public static int fir(byte[] buf, int offset, long senderSsrc, List<FirEntry> entries) {
        int length = 12 + 8 * entries.size();
        checkRoom(buf, offset, length);
        header(buf, offset, 4, RtcpPacket.PT_PSFB, length);
        putInt(buf, offset + 4, senderSsrc);
        putInt(buf, offset + 8, 0);
        int pos = offset + 12;
        for (FirEntry e : entries) {
            putInt(buf, pos, e.ssrc());
            buf[pos + 4] = (byte) e.sequenceNumber();
            buf[pos + 5] = 0;
            buf[pos + 6] = 0;
            buf[pos + 7] = 0;
            pos += 8;
        }
        return length;
    }

    private static void reportBlocks(byte[] buf, int pos, List<ReportBlock> blocks) {
        for (ReportBlock r : blocks) {
            putInt(buf, pos, r.ssrc());
            int lost = Math.max(-0x800000, Math.min(0x7FFFFF, r.cumulativeLost()));
            putInt(buf, pos + 4, ((long) (r.fractionLost() & 0xFF) << 24) | (lost & 0xFFFFFF));
            putInt(buf, pos + 8, r.extendedHighestSequence());
            putInt(buf, pos + 12, r.jitter());
            putInt(buf, pos + 16, r.lastSenderReport());
            putInt(buf, pos + 20, r.delaySinceLastSenderReport());
            pos += 24;
        }
    }

    private static void header(byte[] buf, int offset, int count, int packetType, int length) {
        if (count > 31) {
            throw new IllegalArgumentException("count above 31");
        }
        checkRoom(buf, offset, length);
        buf[offset] = (byte) (0x80 | count);
        buf[offset + 1] = (byte) packetType;
        int words = length / 4 - 1;
        buf[offset + 2] = (byte) (words >>> 8);
        buf[offset + 3] = (byte) words;
    }

    private static void checkRoom(byte[] buf, int offset, int length) {
        if (offset < 0 || length > buf.length - offset) {
            throw new IndexOutOfBoundsException("RTCP buffer too small");
        }
    }

    private static void putInt(byte[] b, int p, long v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }
}
