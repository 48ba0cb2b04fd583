package io.zonecam.media.rtp;

import io.zonecam.media.h264.H264Nal;
import java.util.List;

/**
 * H264Depacketizer rebuilds H.264 access units from RTP payloads in non-interleaved mode (RFC 6184 §6.3,
 * packetization-mode 0 and 1): single NAL unit packets (§5.6), STAP-A (§5.7.1) and FU-A (§5.8).
 *
 * <p>STAP-B, MTAP and FU-B exist only in interleaved mode, which Zonecam does not offer; such packets are
 * dropped and counted. See {@link NalDepacketizer} for boundaries, loss handling and timestamps.
 */
public final class H264Depacketizer extends NalDepacketizer {

    private final byte[] fuHeader = new byte[1];

    /** A depacketizer for a 90 kHz H.264 track with the default limits. */
    public H264Depacketizer(int trackId) {
        this(trackId, List.of(), DEFAULT_MAX_ACCESS_UNIT_BYTES);
    }

    /**
     * @param trackId                the track id for emitted frames
     * @param parameterSets          SPS/PPS known up front (from sprop-parameter-sets), may be empty
     * @param maxAccessUnitBytes     access units larger than this are dropped
     */
    public H264Depacketizer(int trackId, List<byte[]> parameterSets, int maxAccessUnitBytes) {
        super(trackId, 90_000, maxAccessUnitBytes, 1, 2, parameterSets);
    }

    @Override
    int parameterSetKind(byte h0, byte h1) {
        int type = H264Nal.type(h0);
        return type == H264Nal.SPS ? 0 : type == H264Nal.PPS ? 1 : -1;
    }

    @Override
    boolean isPicture(byte h0, byte h1) {
        return H264Nal.isVcl(H264Nal.type(h0));
    }

    @Override
    boolean isKeyframe(byte h0, byte h1) {
        return H264Nal.type(h0) == H264Nal.IDR;
    }

    @Override
    boolean depacketize(byte[] buf, int off, int len) {
        int type = H264Nal.type(buf[off]);
        if ((buf[off] & 0x80) != 0) {
            return false; // forbidden_zero_bit set: RFC 6184 §5.3 says the NAL unit may be discarded
        }
        if (type >= 1 && type <= 23) {
            return type == H264Nal.FILLER || addNal(buf, off, len);
        }
        if (type == H264Nal.STAP_A) {
            // RFC 6184 §5.7.1: STAP-A NAL header, then (16-bit size, NAL unit) repeated.
            int pos = off + 1;
            int end = off + len;
            int count = 0;
            while (pos < end) {
                if (end - pos < 2) {
                    return false;
                }
                int size = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
                pos += 2;
                if (size == 0 || size > end - pos || !addNal(buf, pos, size)) {
                    return false;
                }
                pos += size;
                count++;
            }
            return count > 0;
        }
        if (type == H264Nal.FU_A) {
            // RFC 6184 §5.8: FU indicator (F, NRI, type 28), FU header (S, E, R, type), fragment.
            if (len < 3) {
                return false;
            }
            int header = buf[off + 1] & 0xff;
            boolean start = (header & 0x80) != 0;
            boolean end = (header & 0x40) != 0;
            if (start && end) {
                return false; // §5.8: Start and End bits must not both be set
            }
            if (start) {
                fuHeader[0] = (byte) ((buf[off] & 0xe0) | (header & 0x1f));
                noteNal(fuHeader[0], (byte) 0, null, 0, 0);
                if (!au.startFragment(fuHeader, 1)) {
                    return false;
                }
            }
            if (!au.appendFragment(buf, off + 2, len - 2)) {
                return false;
            }
            if (end) {
                au.endFragment();
            }
            return true;
        }
        return false; // STAP-B, MTAP16/24, FU-B or reserved types
    }
}
