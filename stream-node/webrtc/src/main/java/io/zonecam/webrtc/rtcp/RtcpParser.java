package io.zonecam.webrtc.rtcp;

import io.zonecam.webrtc.rtcp.RtcpPacket.Bye;
import io.zonecam.webrtc.rtcp.RtcpPacket.FirEntry;
import io.zonecam.webrtc.rtcp.RtcpPacket.FullIntraRequest;
import io.zonecam.webrtc.rtcp.RtcpPacket.GenericNack;
import io.zonecam.webrtc.rtcp.RtcpPacket.PictureLossIndication;
import io.zonecam.webrtc.rtcp.RtcpPacket.ReceiverReport;
import io.zonecam.webrtc.rtcp.RtcpPacket.ReportBlock;
import io.zonecam.webrtc.rtcp.RtcpPacket.SdesChunk;
import io.zonecam.webrtc.rtcp.RtcpPacket.SenderReport;
import io.zonecam.webrtc.rtcp.RtcpPacket.Skipped;
import io.zonecam.webrtc.rtcp.RtcpPacket.SourceDescription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RtcpParser decodes an RTCP compound packet (RFC 3550 §6.1) into {@link RtcpPacket}s.
 *
 * <p>Every packet must be version 2 and its length field must fit in what remains; counts (RC/SC) must fit in the
 * packet; padding may only be on the last packet (RFC 3550 §6.4.1) and must fit. Feedback handled: generic NACK
 * (RFC 4585 §6.2.1), PLI (§6.3.1) and FIR (RFC 5104 §4.3.1); REMB, TWCC, APP, XR and the rest are returned as
 * {@link RtcpPacket.Skipped}. At most {@value #MAX_PACKETS} packets per compound and {@value #MAX_NACKED} NACKed
 * sequence numbers per compound are decoded, which bounds the work a single datagram can cause.
 */
public final class RtcpParser {

    /** Upper bound on packets in one compound. */
    public static final int MAX_PACKETS = 64;
    /** Upper bound on sequence numbers expanded from the NACKs of one compound. */
    public static final int MAX_NACKED = 4096;

    private static final int SDES_CNAME = 1;

    private RtcpParser() {}

    /** Parses the compound packet in {@code buf[offset, offset + length)}. */
    public static List<RtcpPacket> parse(byte[] buf, int offset, int length) throws RtcpException {
        if (buf == null || offset < 0 || length < 4 || offset > buf.length - length) {
            throw new RtcpException("too short");
        }
        List<RtcpPacket> out = new ArrayList<>(4);
        int end = offset + length;
        int pos = offset;
        int nacked = 0;
        while (pos < end) {
            if (out.size() == MAX_PACKETS) {
                throw new RtcpException("too many packets");
            }
            if (end - pos < 4) {
                throw new RtcpException("truncated header");
            }
            int b0 = buf[pos] & 0xFF;
            if ((b0 >> 6) != 2) {
                throw new RtcpException("version");
            }
            boolean padding = (b0 & 0x20) != 0;
            int count = b0 & 0x1F;
            int pt = buf[pos + 1] & 0xFF;
            int packetLength = (readShort(buf, pos + 2) + 1) * 4;
            if (packetLength > end - pos) {
                throw new RtcpException("length overruns the compound");
            }
            int contentEnd = pos + packetLength;
            if (padding) {
                if (contentEnd != end) {
                    throw new RtcpException("padding before the last packet");
                }
                int pad = buf[contentEnd - 1] & 0xFF;
                if (pad == 0 || pad > packetLength - 4) {
                    throw new RtcpException("padding length");
                }
                contentEnd -= pad;
            }
            RtcpPacket packet = switch (pt) {
                case RtcpPacket.PT_SR -> senderReport(buf, pos, contentEnd, count);
                case RtcpPacket.PT_RR -> receiverReport(buf, pos, contentEnd, count);
                case RtcpPacket.PT_SDES -> sourceDescription(buf, pos, contentEnd, count);
                case RtcpPacket.PT_BYE -> bye(buf, pos, contentEnd, count);
                case RtcpPacket.PT_RTPFB ->
                    count == 1 ? nack(buf, pos, contentEnd, MAX_NACKED - nacked) : new Skipped(pt, count, packetLength);
                case RtcpPacket.PT_PSFB ->
                    switch (count) {
                        case 1 -> pli(buf, pos, contentEnd);
                        case 4 -> fir(buf, pos, contentEnd);
                        default -> new Skipped(pt, count, packetLength);
                    };
                default -> new Skipped(pt, count, packetLength);
            };
            if (packet instanceof GenericNack n) {
                nacked += n.lostSequenceNumbers().length;
            }
            out.add(packet);
            pos += packetLength;
        }
        return out;
    }

    private static SenderReport senderReport(byte[] b, int p, int end, int count) throws RtcpException {
        if (end - p < 28 + 24 * count) {
            throw new RtcpException("SR too short for its report blocks");
        }
        long ssrc = u32(b, p + 4);
        long ntp = (u32(b, p + 8) << 32) | u32(b, p + 12);
        return new SenderReport(
                ssrc, ntp, u32(b, p + 16), u32(b, p + 20), u32(b, p + 24), reportBlocks(b, p + 28, count));
    }

    private static ReceiverReport receiverReport(byte[] b, int p, int end, int count) throws RtcpException {
        if (end - p < 8 + 24 * count) {
            throw new RtcpException("RR too short for its report blocks");
        }
        return new ReceiverReport(u32(b, p + 4), reportBlocks(b, p + 8, count));
    }

    private static List<ReportBlock> reportBlocks(byte[] b, int p, int count) {
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++, p += 24) {
            // Cumulative loss is a signed 24-bit value (RFC 3550 §6.4.1).
            int cumulative = ((b[p + 5] & 0xFF) << 16) | ((b[p + 6] & 0xFF) << 8) | (b[p + 7] & 0xFF);
            cumulative = (cumulative << 8) >> 8;
            blocks.add(new ReportBlock(
                    u32(b, p),
                    b[p + 4] & 0xFF,
                    cumulative,
                    u32(b, p + 8),
                    u32(b, p + 12),
                    u32(b, p + 16),
                    u32(b, p + 20)));
        }
        return blocks;
    }

    private static SourceDescription sourceDescription(byte[] b, int p, int end, int count) throws RtcpException {
        List<SdesChunk> chunks = new ArrayList<>(count);
        int pos = p + 4;
        for (int i = 0; i < count; i++) {
            if (end - pos < 4) {
                throw new RtcpException("SDES chunk truncated");
            }
            long ssrc = u32(b, pos);
            pos += 4;
            String cname = null;
            while (true) {
                if (pos >= end) {
                    throw new RtcpException("SDES items not terminated");
                }
                int type = b[pos] & 0xFF;
                if (type == 0) {
                    // END, then pad to the next 32-bit boundary (the chunk started aligned).
                    pos = p + ((pos - p) / 4 + 1) * 4;
                    break;
                }
                if (end - pos < 2 || end - pos - 2 < (b[pos + 1] & 0xFF)) {
                    throw new RtcpException("SDES item overruns");
                }
                int itemLength = b[pos + 1] & 0xFF;
                if (type == SDES_CNAME && cname == null) {
                    cname = new String(b, pos + 2, itemLength, StandardCharsets.UTF_8);
                }
                pos += 2 + itemLength;
            }
            if (pos > end) {
                throw new RtcpException("SDES chunk padding overruns");
            }
            chunks.add(new SdesChunk(ssrc, cname));
        }
        return new SourceDescription(chunks);
    }

    private static Bye bye(byte[] b, int p, int end, int count) throws RtcpException {
        int pos = p + 4;
        if (end - pos < 4 * count) {
            throw new RtcpException("BYE too short for its sources");
        }
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++, pos += 4) {
            ssrcs.add(u32(b, pos));
        }
        String reason = null;
        if (pos < end) {
            int reasonLength = b[pos] & 0xFF;
            if (end - pos - 1 < reasonLength) {
                throw new RtcpException("BYE reason overruns");
            }
            reason = new String(b, pos + 1, reasonLength, StandardCharsets.UTF_8);
        }
        return new Bye(ssrcs, reason);
    }

    /** Generic NACK: each FCI is PID and a bitmask of the 16 following lost packets (RFC 4585 §6.2.1). */
    private static GenericNack nack(byte[] b, int p, int end, int budget) throws RtcpException {
        int fciLength = end - p - 12;
        if (fciLength < 4 || (fciLength & 3) != 0) {
            throw new RtcpException("NACK without FCI");
        }
        int[] lost = new int[Math.min(fciLength / 4 * 17, Math.max(budget, 0))];
        int n = 0;
        for (int pos = p + 12; pos < end && n < lost.length; pos += 4) {
            int pid = readShort(b, pos);
            int blp = readShort(b, pos + 2);
            lost[n++] = pid;
            for (int bit = 0; bit < 16 && n < lost.length; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    lost[n++] = (pid + bit + 1) & 0xFFFF;
                }
            }
        }
        return new GenericNack(u32(b, p + 4), u32(b, p + 8), java.util.Arrays.copyOf(lost, n));
    }

    private static PictureLossIndication pli(byte[] b, int p, int end) throws RtcpException {
        if (end - p < 12) {
            throw new RtcpException("PLI too short");
        }
        return new PictureLossIndication(u32(b, p + 4), u32(b, p + 8));
    }

    /** FIR: the media source field is unused; each 8-byte FCI names an SSRC and a sequence number. */
    private static FullIntraRequest fir(byte[] b, int p, int end) throws RtcpException {
        int fciLength = end - p - 12;
        if (fciLength < 8 || (fciLength & 7) != 0) {
            throw new RtcpException("FIR FCI length");
        }
        List<FirEntry> entries = new ArrayList<>(fciLength / 8);
        for (int pos = p + 12; pos < end; pos += 8) {
            entries.add(new FirEntry(u32(b, pos), b[pos + 4] & 0xFF));
        }
        return new FullIntraRequest(u32(b, p + 4), entries);
    }

    static int readShort(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    static long u32(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }
}
