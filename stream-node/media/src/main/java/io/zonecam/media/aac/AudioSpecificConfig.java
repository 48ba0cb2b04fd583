package io.zonecam.media.aac;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.bits.BitReader;
import io.zonecam.media.bits.BitWriter;

/**
 * AudioSpecificConfig is the MPEG-4 audio decoder configuration (ISO/IEC 14496-3 §1.6.2.1) carried in the esds
 * box, the RTP {@code config=} parameter (RFC 3640) and the RTMP AAC sequence header.
 *
 * @param objectType            audio object type (2 = AAC LC); for explicit SBR/PS signalling the underlying type
 * @param samplingFrequencyIndex index into the standard rate table, 15 for an explicit rate
 * @param sampleRate            core sampling rate in Hz
 * @param channelConfiguration  channel configuration 0..7 (0 = defined by a program config element)
 * @param frameLength           samples per frame: 1024, or 960 when frameLengthFlag is set
 * @param sbr                   true when explicit SBR (HE-AAC) signalling is present
 * @param ps                    true when explicit PS (HE-AAC v2) signalling is present
 * @param extensionSampleRate   SBR output rate, 0 without SBR
 */
public record AudioSpecificConfig(
        int objectType,
        int samplingFrequencyIndex,
        int sampleRate,
        int channelConfiguration,
        int frameLength,
        boolean sbr,
        boolean ps,
        int extensionSampleRate) {

    /** ISO/IEC 14496-3 Table 1.18, samplingFrequencyIndex 0..12. */
    private static final int[] RATES = {
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350
    };

    /** AAC LC. */
    public static final int AAC_LC = 2;

    /** An AAC config with the standard frame length for {@code objectType}, {@code sampleRate} and channels. */
    public static AudioSpecificConfig of(int objectType, int sampleRate, int channelConfiguration) {
        int idx = indexOf(sampleRate);
        return new AudioSpecificConfig(
                objectType, idx < 0 ? 15 : idx, sampleRate, channelConfiguration, 1024, false, false, 0);
    }

    /** The standard rate for a samplingFrequencyIndex, or -1 for reserved/escape values. */
    public static int rateOf(int index) {
        return index >= 0 && index < RATES.length ? RATES[index] : -1;
    }

    /** The samplingFrequencyIndex of a standard rate, or -1. */
    public static int indexOf(int sampleRate) {
        for (int i = 0; i < RATES.length; i++) {
            if (RATES[i] == sampleRate) {
                return i;
            }
        }
        return -1;
    }

    /** Parses an AudioSpecificConfig. */
    public static AudioSpecificConfig parse(byte[] data) {
        return parse(data, 0, data.length);
    }

    /** Parses {@code length} bytes at {@code offset}. */
    public static AudioSpecificConfig parse(byte[] data, int offset, int length) {
        BitReader r = new BitReader(data, offset, length);
        int aot = readObjectType(r);
        int idx = r.readInt(4);
        int rate = readRate(r, idx);
        int channels = r.readInt(4);
        boolean sbr = false;
        boolean ps = false;
        int extRate = 0;
        if (aot == 5 || aot == 29) {
            // §1.6.2.1: explicit hierarchical SBR/PS signalling, then the core object type.
            sbr = true;
            ps = aot == 29;
            extRate = readRate(r, r.readInt(4));
            aot = readObjectType(r);
            if (aot == 22) {
                r.skip(4); // extensionChannelConfiguration
            }
        }
        int frameLength = 1024;
        switch (aot) {
            case 1, 2, 3, 4, 6, 7, 17, 19, 20, 21, 22, 23 -> {
                // GASpecificConfig §4.4.1: only frameLengthFlag matters to a muxer.
                frameLength = r.readFlag() ? 960 : 1024;
            }
            default -> {
                // Other object types (CELP, HVXC, ...) are not AAC; keep the defaults.
            }
        }
        if (aot == 0 || aot == 31) {
            throw new MediaFormatException("invalid audio object type " + aot);
        }
        return new AudioSpecificConfig(aot, idx, rate, channels, frameLength, sbr, ps, extRate);
    }

    /** Serializes the config (implicit SBR signalling, GASpecificConfig without core coder or extensions). */
    public byte[] toByteArray() {
        BitWriter w = new BitWriter();
        if (sbr) {
            writeObjectType(w, ps ? 29 : 5);
            writeRate(w, samplingFrequencyIndex, sampleRate);
            w.writeBits(channelConfiguration, 4);
            int extIdx = indexOf(extensionSampleRate);
            writeRate(w, extIdx < 0 ? 15 : extIdx, extensionSampleRate);
            writeObjectType(w, objectType);
        } else {
            writeObjectType(w, objectType);
            writeRate(w, samplingFrequencyIndex, sampleRate);
            w.writeBits(channelConfiguration, 4);
        }
        w.writeFlag(frameLength == 960); // frameLengthFlag
        w.writeBit(0); // dependsOnCoreCoder
        w.writeBit(0); // extensionFlag
        return w.toByteArray();
    }

    /** Output channel count: channelConfiguration 1..6 as is, 7 → 8; 0 (PCE-defined) reported as 2. */
    public int channels() {
        return switch (channelConfiguration) {
            case 7 -> 8;
            case 0 -> 2;
            default -> channelConfiguration;
        };
    }

    /** Output sample rate: the SBR rate for HE-AAC, else the core rate. */
    public int outputSampleRate() {
        return sbr && extensionSampleRate > 0 ? extensionSampleRate : sampleRate;
    }

    /** The RFC 6381 codecs parameter, e.g. {@code mp4a.40.2}. */
    public String codecString() {
        return "mp4a.40." + (sbr ? (ps ? 29 : 5) : objectType);
    }

    private static int readObjectType(BitReader r) {
        int aot = r.readInt(5);
        return aot == 31 ? 32 + r.readInt(6) : aot;
    }

    private static void writeObjectType(BitWriter w, int aot) {
        if (aot >= 31) {
            w.writeBits(31, 5).writeBits(aot - 32, 6);
        } else {
            w.writeBits(aot, 5);
        }
    }

    private static int readRate(BitReader r, int idx) {
        if (idx == 15) {
            int rate = r.readInt(24);
            if (rate == 0) {
                throw new MediaFormatException("explicit sampling frequency 0");
            }
            return rate;
        }
        int rate = rateOf(idx);
        if (rate < 0) {
            throw new MediaFormatException("reserved samplingFrequencyIndex " + idx);
        }
        return rate;
    }

    private static void writeRate(BitWriter w, int idx, int rate) {
        w.writeBits(idx, 4);
        if (idx == 15) {
            w.writeBits(rate, 24);
        }
    }
}
