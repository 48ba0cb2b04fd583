package io.zonecam.media.h264;

import io.zonecam.media.MediaFormatException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * AvcDecoderConfigurationRecord is the {@code avcC} payload (ISO/IEC 14496-15 §5.3.3.1): profile, level, NAL
 * length size and the parameter sets a decoder needs before the first sample. RTMP sends the same structure as
 * its AVC sequence header.
 *
 * @param profileIdc       AVCProfileIndication (profile_idc of the SPS)
 * @param compatibility    profile_compatibility (the constraint flags byte of the SPS)
 * @param levelIdc         AVCLevelIndication
 * @param lengthSize       NAL unit length field size in bytes: 1, 2 or 4
 * @param sps              sequence parameter set NAL units
 * @param pps              picture parameter set NAL units
 * @param chromaFormatIdc  chroma_format for High profiles, -1 when the extension is absent
 * @param bitDepthLuma     luma bit depth for High profiles, -1 when absent
 * @param bitDepthChroma   chroma bit depth for High profiles, -1 when absent
 */
public record AvcDecoderConfigurationRecord(
        int profileIdc,
        int compatibility,
        int levelIdc,
        int lengthSize,
        List<byte[]> sps,
        List<byte[]> pps,
        int chromaFormatIdc,
        int bitDepthLuma,
        int bitDepthChroma) {

    public AvcDecoderConfigurationRecord {
        sps = List.copyOf(sps);
        pps = List.copyOf(pps);
        if (lengthSize != 1 && lengthSize != 2 && lengthSize != 4) {
            throw new IllegalArgumentException("lengthSize must be 1, 2 or 4: " + lengthSize);
        }
    }

    /** Builds the record for 4-byte lengths from one SPS and its PPS list, reading profile and chroma from the SPS. */
    public static AvcDecoderConfigurationRecord of(byte[] sps, List<byte[]> pps) {
        H264Sps parsed = H264Sps.parse(sps);
        boolean high = hasExtension(parsed.profileIdc());
        return new AvcDecoderConfigurationRecord(
                parsed.profileIdc(),
                parsed.constraintFlags(),
                parsed.levelIdc(),
                4,
                List.of(sps),
                pps,
                high ? parsed.chromaFormatIdc() : -1,
                high ? parsed.bitDepthLuma() : -1,
                high ? parsed.bitDepthChroma() : -1);
    }

    /** Builds the record from a parameter-set list (SPS and PPS NAL units in any order, others ignored). */
    public static AvcDecoderConfigurationRecord of(List<byte[]> parameterSets) {
        byte[] sps = null;
        List<byte[]> pps = new ArrayList<>();
        for (byte[] ps : parameterSets) {
            if (ps.length == 0) {
                continue;
            }
            int type = H264Nal.type(ps[0]);
            if (type == H264Nal.SPS && sps == null) {
                sps = ps;
            } else if (type == H264Nal.PPS) {
                pps.add(ps);
            }
        }
        if (sps == null || pps.isEmpty()) {
            throw new MediaFormatException("avcC needs an SPS and a PPS");
        }
        return of(sps, pps);
    }

    /** Serializes the record (the avcC box payload). */
    public byte[] toByteArray() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(1); // configurationVersion
        out.write(profileIdc);
        out.write(compatibility);
        out.write(levelIdc);
        out.write(0xfc | (lengthSize - 1));
        if (sps.size() > 31 || pps.size() > 255) {
            throw new IllegalStateException("too many parameter sets for avcC");
        }
        out.write(0xe0 | sps.size());
        for (byte[] s : sps) {
            writeNal(out, s);
        }
        out.write(pps.size());
        for (byte[] p : pps) {
            writeNal(out, p);
        }
        if (hasExtension(profileIdc) && chromaFormatIdc >= 0) {
            out.write(0xfc | chromaFormatIdc);
            out.write(0xf8 | (bitDepthLuma - 8));
            out.write(0xf8 | (bitDepthChroma - 8));
            out.write(0); // numOfSequenceParameterSetExt
        }
        return out.toByteArray();
    }

    /** Parses an avcC payload; the High-profile extension is read when present (many muxers omit it). */
    public static AvcDecoderConfigurationRecord parse(byte[] data) {
        return parse(data, 0, data.length);
    }

    /** Parses {@code length} bytes at {@code offset}. */
    public static AvcDecoderConfigurationRecord parse(byte[] data, int offset, int length) {
        MediaFormatException.checkRange(data.length, offset, length, "avcC");
        int end = offset + length;
        if (length < 7) {
            throw new MediaFormatException("avcC shorter than 7 bytes");
        }
        if (data[offset] != 1) {
            throw new MediaFormatException("avcC configurationVersion " + data[offset] + " is not 1");
        }
        int profile = data[offset + 1] & 0xff;
        int compat = data[offset + 2] & 0xff;
        int level = data[offset + 3] & 0xff;
        int lengthSize = (data[offset + 4] & 3) + 1;
        if (lengthSize == 3) {
            throw new MediaFormatException("avcC lengthSizeMinusOne 2 is reserved");
        }
        int[] pos = {offset + 5};
        int spsCount = data[pos[0]++] & 0x1f;
        List<byte[]> sps = new ArrayList<>();
        for (int i = 0; i < spsCount; i++) {
            sps.add(readNal(data, pos, end));
        }
        if (pos[0] >= end) {
            throw new MediaFormatException("avcC truncated before numOfPictureParameterSets");
        }
        int ppsCount = data[pos[0]++] & 0xff;
        List<byte[]> pps = new ArrayList<>();
        for (int i = 0; i < ppsCount; i++) {
            pps.add(readNal(data, pos, end));
        }
        int chroma = -1;
        int depthLuma = -1;
        int depthChroma = -1;
        if (hasExtension(profile) && end - pos[0] >= 4) {
            chroma = data[pos[0]] & 3;
            depthLuma = (data[pos[0] + 1] & 7) + 8;
            depthChroma = (data[pos[0] + 2] & 7) + 8;
        }
        return new AvcDecoderConfigurationRecord(
                profile, compat, level, lengthSize, sps, pps, chroma, depthLuma, depthChroma);
    }

    /** The parameter sets in decoder order: SPS then PPS. */
    public List<byte[]> parameterSets() {
        List<byte[]> all = new ArrayList<>(sps);
        all.addAll(pps);
        return all;
    }

    private static boolean hasExtension(int profile) {
        return profile == 100 || profile == 110 || profile == 122 || profile == 144;
    }

    private static void writeNal(ByteArrayOutputStream out, byte[] nal) {
        if (nal.length > 0xffff) {
            throw new IllegalStateException("parameter set larger than 65535 bytes");
        }
        out.write(nal.length >> 8);
        out.write(nal.length);
        out.writeBytes(nal);
    }

    private static byte[] readNal(byte[] data, int[] pos, int end) {
        if (end - pos[0] < 2) {
            throw new MediaFormatException("avcC truncated in a parameter set length");
        }
        int len = ((data[pos[0]] & 0xff) << 8) | (data[pos[0] + 1] & 0xff);
        pos[0] += 2;
        if (len == 0 || len > end - pos[0]) {
            throw new MediaFormatException("avcC parameter set length " + len + " does not fit");
        }
        byte[] nal = new byte[len];
        System.arraycopy(data, pos[0], nal, 0, len);
        pos[0] += len;
        return nal;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvcDecoderConfigurationRecord r && java.util.Arrays.equals(toByteArray(), r.toByteArray());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(toByteArray());
    }
}
