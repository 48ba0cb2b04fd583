package io.zonecam.ingest.codec;

import io.zonecam.media.frame.Codec;
import java.util.ArrayList;
import java.util.List;

/**
 * DecoderConfig is a parsed AVCDecoderConfigurationRecord (avcC, ISO/IEC 14496-15 §5.3.3.1) or
 * HEVCDecoderConfigurationRecord (hvcC, §8.3.3.1): the NAL length size and the parameter sets.
 *
 * @param codec         H264 or H265
 * @param lengthSize    bytes in each NAL length prefix of the frames that follow (1, 2 or 4)
 * @param parameterSets VPS (H.265), SPS then PPS NAL units in record order
 */
public record DecoderConfig(Codec codec, int lengthSize, List<byte[]> parameterSets) {

    /** Most parameter sets accepted in one record; real records hold two or three. */
    static final int MAX_PARAMETER_SETS = 64;

    public DecoderConfig {
        parameterSets = List.copyOf(parameterSets);
    }

    /** Parses an avcC record; throws {@link IllegalArgumentException} with the reason when it is malformed. */
    public static DecoderConfig parseAvcC(byte[] b, int offset, int length) {
        Cursor c = new Cursor(b, offset, length);
        if (c.u8() != 1) {
            throw new IllegalArgumentException("avcC configurationVersion is not 1");
        }
        c.skip(3); // profile, compatibility, level
        int lengthSize = (c.u8() & 0x03) + 1;
        if (lengthSize == 3) {
            throw new IllegalArgumentException("avcC NAL length size 3 is not allowed");
        }
        List<byte[]> sets = new ArrayList<>();
        int sps = c.u8() & 0x1F;
        for (int i = 0; i < sps; i++) {
            sets.add(c.nal());
        }
        int pps = c.u8();
        for (int i = 0; i < pps; i++) {
            sets.add(c.nal());
        }
        // Profile-specific trailing fields (chroma format, bit depths, SPS ext) are not needed.
        return new DecoderConfig(Codec.H264, lengthSize, sets);
    }

    /** Parses an hvcC record; throws {@link IllegalArgumentException} with the reason when it is malformed. */
    public static DecoderConfig parseHvcC(byte[] b, int offset, int length) {
        Cursor c = new Cursor(b, offset, length);
        if (c.u8() != 1) {
            throw new IllegalArgumentException("hvcC configurationVersion is not 1");
        }
        c.skip(20); // profile/tier/level, flags, segmentation, parallelism, chroma, bit depths, frame rate
        int lengthSize = (c.u8() & 0x03) + 1;
        if (lengthSize == 3) {
            throw new IllegalArgumentException("hvcC NAL length size 3 is not allowed");
        }
        int arrays = c.u8();
        List<byte[]> sets = new ArrayList<>();
        for (int a = 0; a < arrays; a++) {
            int type = c.u8() & 0x3F;
            int n = c.u16();
            for (int i = 0; i < n; i++) {
                byte[] nal = c.nal();
                if (type >= 32 && type <= 34) {
                    sets.add(nal); // SEI arrays may appear too; only VPS/SPS/PPS are parameter sets
                }
            }
        }
        sets.sort((x, y) -> Integer.compare((x[0] >> 1) & 0x3F, (y[0] >> 1) & 0x3F)); // VPS, SPS, PPS
        return new DecoderConfig(Codec.H265, lengthSize, sets);
    }

    /** The first SPS, or null. */
    public byte[] sps() {
        for (byte[] p : parameterSets) {
            if (NalUnits.type(codec, p) == (codec == Codec.H265 ? 33 : 7)) {
                return p;
            }
        }
        return null;
    }

    private static final class Cursor {
        final byte[] b;
        int pos;
        final int end;
        int nals;

        Cursor(byte[] b, int offset, int length) {
            if (offset < 0 || length < 0 || offset + length > b.length) {
                throw new IllegalArgumentException("bad slice");
            }
            this.b = b;
            this.pos = offset;
            this.end = offset + length;
        }

        void need(int n) {
            if (end - pos < n) {
                throw new IllegalArgumentException("decoder configuration record truncated");
            }
        }

        int u8() {
            need(1);
            return b[pos++] & 0xFF;
        }

        int u16() {
            need(2);
            int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        void skip(int n) {
            need(n);
            pos += n;
        }

        byte[] nal() {
            if (++nals > MAX_PARAMETER_SETS) {
                throw new IllegalArgumentException("more than " + MAX_PARAMETER_SETS + " NAL units in the record");
            }
            int n = u16();
            if (n == 0) {
                throw new IllegalArgumentException("empty parameter set");
            }
            need(n);
            byte[] nal = new byte[n];
            System.arraycopy(b, pos, nal, 0, n);
            pos += n;
            return nal;
        }
    }
}
