package io.zonecam.media.aac;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.bits.ByteSlice;
import java.util.ArrayList;
import java.util.List;

/**
 * Adts parses the ADTS transport header (ISO/IEC 14496-3 §1.A.2.2: adts_fixed_header and adts_variable_header)
 * that cameras and ffmpeg put before each raw AAC frame, and strips it for MP4 and RTP.
 */
public final class Adts {

    /** Most frames accepted from one buffer. */
    public static final int MAX_FRAMES = 1 << 20;

    /**
     * Header is one parsed ADTS header.
     *
     * @param objectType             profile_ObjectType + 1 (2 = AAC LC)
     * @param samplingFrequencyIndex sampling_frequency_index
     * @param channelConfiguration   channel_configuration
     * @param headerLength           7, or 9 with the CRC
     * @param frameLength            aac_frame_length: header plus raw data
     */
    public record Header(
            int objectType, int samplingFrequencyIndex, int channelConfiguration, int headerLength, int frameLength) {

        /** Raw AAC bytes after the header. */
        public int payloadLength() {
            return frameLength - headerLength;
        }

        /** The equivalent AudioSpecificConfig. */
        public AudioSpecificConfig toConfig() {
            return new AudioSpecificConfig(
                    objectType,
                    samplingFrequencyIndex,
                    AudioSpecificConfig.rateOf(samplingFrequencyIndex),
                    channelConfiguration,
                    1024,
                    false,
                    false,
                    0);
        }
    }

    private Adts() {}

    /** Parses the header at {@code offset}; throws when it is not a usable ADTS header. */
    public static Header parseHeader(byte[] data, int offset, int length) {
        MediaFormatException.checkRange(data.length, offset, length, "ADTS");
        if (length < 7) {
            throw new MediaFormatException("ADTS header shorter than 7 bytes");
        }
        int b0 = data[offset] & 0xff;
        int b1 = data[offset + 1] & 0xff;
        int b2 = data[offset + 2] & 0xff;
        int b3 = data[offset + 3] & 0xff;
        int b4 = data[offset + 4] & 0xff;
        int b5 = data[offset + 5] & 0xff;
        int b6 = data[offset + 6] & 0xff;
        if (b0 != 0xff || (b1 & 0xf0) != 0xf0) {
            throw new MediaFormatException("no ADTS syncword");
        }
        if ((b1 & 0x06) != 0) {
            throw new MediaFormatException("ADTS layer is not 0");
        }
        boolean protectionAbsent = (b1 & 1) != 0;
        int profile = b2 >> 6;
        int freq = (b2 >> 2) & 0x0f;
        int channels = ((b2 & 1) << 2) | (b3 >> 6);
        int frameLength = ((b3 & 3) << 11) | (b4 << 3) | (b5 >> 5);
        int blocks = b6 & 3;
        int headerLength = protectionAbsent ? 7 : 9;
        if (AudioSpecificConfig.rateOf(freq) < 0) {
            throw new MediaFormatException("ADTS reserved sampling_frequency_index " + freq);
        }
        if (frameLength <= headerLength) {
            throw new MediaFormatException("ADTS aac_frame_length " + frameLength + " too small");
        }
        if (blocks != 0) {
            // Several raw_data_blocks need CRC block positions or a bitstream parse to split; no camera sends them.
            throw new MediaFormatException("ADTS frames with " + (blocks + 1) + " raw data blocks are not supported");
        }
        return new Header(profile + 1, freq, channels, headerLength, frameLength);
    }

    /** Splits an ADTS stream into raw AAC frames (headers stripped); a truncated last frame is an error. */
    public static List<ByteSlice> frames(byte[] data) {
        return frames(data, 0, data.length);
    }

    /** Splits {@code length} bytes at {@code offset} into raw AAC frames. */
    public static List<ByteSlice> frames(byte[] data, int offset, int length) {
        MediaFormatException.checkRange(data.length, offset, length, "ADTS");
        List<ByteSlice> out = new ArrayList<>();
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            Header h = parseHeader(data, pos, end - pos);
            if (h.frameLength() > end - pos) {
                throw new MediaFormatException("ADTS frame of " + h.frameLength() + " bytes truncated");
            }
            if (out.size() == MAX_FRAMES) {
                throw new MediaFormatException("more than " + MAX_FRAMES + " ADTS frames");
            }
            out.add(new ByteSlice(data, pos + h.headerLength(), h.payloadLength()));
            pos += h.frameLength();
        }
        return out;
    }

    /** Builds a 7-byte ADTS header (no CRC) for a raw frame of {@code payloadLength} bytes. */
    public static byte[] header(AudioSpecificConfig config, int payloadLength) {
        int len = payloadLength + 7;
        if (len > 0x1fff
                || config.objectType() < 1
                || config.objectType() > 4
                || config.samplingFrequencyIndex() > 12
                || config.channelConfiguration() > 7) {
            throw new IllegalArgumentException("config or length cannot be expressed in ADTS");
        }
        return new byte[] {
            (byte) 0xff,
            (byte) 0xf1,
            (byte) (((config.objectType() - 1) << 6)
                    | (config.samplingFrequencyIndex() << 2)
                    | (config.channelConfiguration() >> 2)),
            (byte) (((config.channelConfiguration() & 3) << 6) | (len >> 11)),
            (byte) (len >> 3),
            (byte) (((len & 7) << 5) | 0x1f), // buffer fullness 0x7ff (VBR)
            (byte) 0xfc,
        };
    }
}
