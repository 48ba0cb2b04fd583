package io.zonecam.media.rtp;

import io.zonecam.media.h265.H265Nal;
import java.util.List;

/**
 * H265Depacketizer rebuilds H.265 access units from RTP payloads (RFC 7798): single NAL unit packets (§4.4.1),
 * aggregation packets (§4.4.2) and fragmentation units (§4.4.3).
 *
 * <p>When the session uses decoding order numbers ({@code sprop-max-don-diff} &gt; 0) the DONL/DOND fields are
 * skipped; packets are still expected in decoding order, as a single-stream RTSP camera sends them. PACI packets
 * (§4.4.4) are dropped and counted. See {@link NalDepacketizer} for boundaries, loss handling and timestamps.
 */
public final class H265Depacketizer extends NalDepacketizer {

    private final boolean donl;
    private final byte[] fuHeader = new byte[2];

    /** A depacketizer for a 90 kHz H.265 track without DON fields and the default limits. */
    public H265Depacketizer(int trackId) {
        this(trackId, List.of(), false, DEFAULT_MAX_ACCESS_UNIT_BYTES);
    }

    /**
     * @param trackId            the track id for emitted frames
     * @param parameterSets      VPS/SPS/PPS known up front (sprop-vps/sps/pps), may be empty
     * @param donlPresent        true when sprop-max-don-diff &gt; 0, so DONL/DOND fields are present
     * @param maxAccessUnitBytes access units larger than this are dropped
     */
    public H265Depacketizer(int trackId, List<byte[]> parameterSets, boolean donlPresent, int maxAccessUnitBytes) {
        super(trackId, 90_000, maxAccessUnitBytes, 2, 3, parameterSets);
        this.donl = donlPresent;
    }

    @Override
    int parameterSetKind(byte h0, byte h1) {
        int type = H265Nal.type(h0);
        return type == H265Nal.VPS ? 0 : type == H265Nal.SPS ? 1 : type == H265Nal.PPS ? 2 : -1;
    }

    @Override
    boolean isPicture(byte h0, byte h1) {
        return H265Nal.isVcl(H265Nal.type(h0));
    }

    @Override
    boolean isKeyframe(byte h0, byte h1) {
        return H265Nal.isIrap(H265Nal.type(h0));
    }

    @Override
    boolean depacketize(byte[] buf, int off, int len) {
        if ((buf[off] & 0x80) != 0) {
            return false; // forbidden_zero_bit
        }
        int type = H265Nal.type(buf[off]);
        int end = off + len;
        if (type < H265Nal.AP) {
            if (!donl) {
                return addNal(buf, off, len);
            }
            // §4.4.1: PayloadHdr, DONL, then the NAL unit payload; rebuild the NAL without the DONL.
            if (len < 5) {
                return false;
            }
            fuHeader[0] = buf[off];
            fuHeader[1] = buf[off + 1];
            noteNal(buf[off], buf[off + 1], null, 0, 0);
            if (!au.startFragment(fuHeader, 2) || !au.appendFragment(buf, off + 4, len - 4)) {
                return false;
            }
            au.endFragment();
            return true;
        }
        if (type == H265Nal.AP) {
            // §4.4.2: PayloadHdr, [DONL], (NALU size, NAL unit), then [DOND], (size, NAL unit) ...
            int pos = off + 2 + (donl ? 2 : 0);
            int count = 0;
            while (pos < end) {
                if (donl && count > 0) {
                    pos++;
                }
                if (end - pos < 2) {
                    return false;
                }
                int size = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
                pos += 2;
                if (size < 2 || size > end - pos || !addNal(buf, pos, size)) {
                    return false;
                }
                pos += size;
                count++;
            }
            return count > 0;
        }
        if (type == H265Nal.FU) {
            // §4.4.3: PayloadHdr (type 49), FU header (S, E, FuType), [DONL in the first fragment], data.
            int fu = len > 2 ? buf[off + 2] & 0xff : -1;
            if (fu < 0) {
                return false;
            }
            boolean start = (fu & 0x80) != 0;
            boolean last = (fu & 0x40) != 0;
            if (start && last) {
                return false;
            }
            int data = off + 3 + (start && donl ? 2 : 0);
            if (data >= end) {
                return false;
            }
            if (start) {
                fuHeader[0] = (byte) ((buf[off] & 0x81) | ((fu & 0x3f) << 1));
                fuHeader[1] = buf[off + 1];
                noteNal(fuHeader[0], fuHeader[1], null, 0, 0);
                if (!au.startFragment(fuHeader, 2)) {
                    return false;
                }
            }
            if (!au.appendFragment(buf, data, end - data)) {
                return false;
            }
            if (last) {
                au.endFragment();
            }
            return true;
        }
        return false; // PACI (50) and reserved types
    }
}
