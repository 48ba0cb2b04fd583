package io.zonecam.media.h265;

import io.zonecam.media.MediaFormatException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * HevcDecoderConfigurationRecord is the {@code hvcC} payload (ISO/IEC 14496-15 §8.3.3.1): the general profile,
 * tier and level of the stream and its VPS, SPS and PPS arrays.
 *
 * @param sps                the parsed SPS the profile fields come from
 * @param lengthSize         NAL length field size: 1, 2 or 4
 * @param vps                video parameter sets
 * @param spsNals            sequence parameter sets
 * @param pps                picture parameter sets
 */
public record HevcDecoderConfigurationRecord(
        H265Sps sps, int lengthSize, List<byte[]> vps, List<byte[]> spsNals, List<byte[]> pps) {

    public HevcDecoderConfigurationRecord {
        vps = List.copyOf(vps);
        spsNals = List.copyOf(spsNals);
        pps = List.copyOf(pps);
        if (lengthSize != 1 && lengthSize != 2 && lengthSize != 4) {
            throw new IllegalArgumentException("lengthSize must be 1, 2 or 4");
        }
    }

    /** Builds the record for 4-byte lengths from VPS, SPS and PPS NAL units (in any order; others ignored). */
    public static HevcDecoderConfigurationRecord of(List<byte[]> parameterSets) {
        List<byte[]> v = new ArrayList<>();
        List<byte[]> s = new ArrayList<>();
        List<byte[]> p = new ArrayList<>();
        for (byte[] ps : parameterSets) {
            if (ps.length < 2) {
                continue;
            }
            switch (H265Nal.type(ps[0])) {
                case H265Nal.VPS -> v.add(ps);
                case H265Nal.SPS -> s.add(ps);
                case H265Nal.PPS -> p.add(ps);
                default -> {}
            }
        }
        if (v.isEmpty() || s.isEmpty() || p.isEmpty()) {
            throw new MediaFormatException("hvcC needs a VPS, an SPS and a PPS");
        }
        return new HevcDecoderConfigurationRecord(H265Sps.parse(s.get(0)), 4, v, s, p);
    }

    /** Serializes the record (the hvcC box payload). */
    public byte[] toByteArray() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(1); // configurationVersion
        out.write((sps.profileSpace() << 6) | (sps.tierFlag() ? 0x20 : 0) | sps.profileIdc());
        writeInt(out, sps.compatibilityFlags(), 4);
        writeInt(out, sps.constraintFlags(), 6);
        out.write(sps.levelIdc());
        writeInt(out, 0xf000, 2); // reserved '1111', min_spatial_segmentation_idc 0 (unknown)
        out.write(0xfc); // reserved, parallelismType 0 (unknown)
        out.write(0xfc | sps.chromaFormatIdc());
        out.write(0xf8 | (sps.bitDepthLuma() - 8));
        out.write(0xf8 | (sps.bitDepthChroma() - 8));
        writeInt(out, 0, 2); // avgFrameRate: unspecified
        // constantFrameRate 0, numTemporalLayers, temporalIdNested, lengthSizeMinusOne
        out.write((sps.maxSubLayers() << 3) | (sps.temporalIdNesting() ? 4 : 0) | (lengthSize - 1));
        out.write(3); // numOfArrays
        writeArray(out, H265Nal.VPS, vps);
        writeArray(out, H265Nal.SPS, spsNals);
        writeArray(out, H265Nal.PPS, pps);
        return out.toByteArray();
    }

    /** Parses an hvcC payload; the profile fields are re-read from its first SPS. */
    public static HevcDecoderConfigurationRecord parse(byte[] data) {
        if (data.length < 23) {
            throw new MediaFormatException("hvcC shorter than 23 bytes");
        }
        if (data[0] != 1) {
            throw new MediaFormatException("hvcC configurationVersion is not 1");
        }
        int lengthSize = (data[21] & 3) + 1;
        if (lengthSize == 3) {
            throw new MediaFormatException("hvcC lengthSizeMinusOne 2 is reserved");
        }
        int arrays = data[22] & 0xff;
        int pos = 23;
        List<byte[]> all = new ArrayList<>();
        for (int a = 0; a < arrays; a++) {
            if (data.length - pos < 3) {
                throw new MediaFormatException("hvcC truncated in an array header");
            }
            int count = ((data[pos + 1] & 0xff) << 8) | (data[pos + 2] & 0xff);
            pos += 3;
            for (int i = 0; i < count; i++) {
                if (data.length - pos < 2) {
                    throw new MediaFormatException("hvcC truncated in a NAL length");
                }
                int len = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
                pos += 2;
                if (len == 0 || len > data.length - pos) {
                    throw new MediaFormatException("hvcC NAL length " + len + " does not fit");
                }
                byte[] nal = new byte[len];
                System.arraycopy(data, pos, nal, 0, len);
                all.add(nal);
                pos += len;
            }
        }
        HevcDecoderConfigurationRecord r = of(all);
        return new HevcDecoderConfigurationRecord(r.sps(), lengthSize, r.vps(), r.spsNals(), r.pps());
    }

    /** All parameter sets in decoder order: VPS, SPS, PPS. */
    public List<byte[]> parameterSets() {
        List<byte[]> out = new ArrayList<>(vps);
        out.addAll(spsNals);
        out.addAll(pps);
        return out;
    }

    private static void writeArray(ByteArrayOutputStream out, int type, List<byte[]> nals) {
        out.write(0x80 | type); // array_completeness 1: all parameter sets of this type are here
        writeInt(out, nals.size(), 2);
        for (byte[] n : nals) {
            if (n.length > 0xffff) {
                throw new IllegalStateException("parameter set larger than 65535 bytes");
            }
            writeInt(out, n.length, 2);
            out.writeBytes(n);
        }
    }

    private static void writeInt(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
    }
}
