package io.zonecam.ingest.codec;

/**
 * AacConfig reads the sample rate and channel count from an AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1).
 *
 * @param objectType   audio object type (2 = AAC LC)
 * @param sampleRate   sampling frequency in Hz
 * @param channels     channel count from channelConfiguration (0 means defined in-band; reported as 0)
 */
public record AacConfig(int objectType, int sampleRate, int channels) {

    private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025,
        8000, 7350};

    /** Parses an AudioSpecificConfig; throws {@link IllegalArgumentException} when it is not readable. */
    public static AacConfig parse(byte[] asc) {
        if (asc.length < 2) {
            throw new IllegalArgumentException("AudioSpecificConfig shorter than 2 bytes");
        }
        BitReader r = new BitReader(asc);
        int objectType = r.u(5);
        if (objectType == 31) {
            objectType = 32 + r.u(6);
        }
        int index = r.u(4);
        int rate;
        if (index == 15) {
            rate = r.u(24);
        } else if (index < RATES.length) {
            rate = RATES[index];
        } else {
            throw new IllegalArgumentException("reserved AAC sampling frequency index " + index);
        }
        if (rate <= 0) {
            throw new IllegalArgumentException("AAC sampling frequency is zero");
        }
        int channelConfig = r.u(4);
        int channels = channelConfig == 7 ? 8 : channelConfig;
        return new AacConfig(objectType, rate, channels);
    }
}
