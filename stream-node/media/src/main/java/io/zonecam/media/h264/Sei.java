package io.zonecam.media.h264;

import io.zonecam.media.MediaFormatException;
import java.io.ByteArrayOutputStream;

/**
 * Sei reads and writes the sei_message() list of an SEI RBSP (H.264 §7.3.2.3.1; H.265 §7.3.5 uses the same
 * payload type/size coding).
 */
public final class Sei {

    /** user_data_unregistered (H.264 and H.265 Annex D, payloadType 5): a 16-byte UUID followed by free bytes. */
    public static final int USER_DATA_UNREGISTERED = 5;

    /** Receives one SEI message: its payload type and the payload bytes inside the RBSP. */
    @FunctionalInterface
    public interface Visitor {
        /** Returns false to stop the walk. */
        boolean message(int payloadType, byte[] rbsp, int offset, int length);
    }

    private Sei() {}

    /**
     * Walks the messages of an SEI RBSP (NAL header and emulation prevention removed). Stops at the
     * rbsp_trailing_bits; throws {@link MediaFormatException} when a size runs past the end.
     */
    public static void forEachMessage(byte[] rbsp, int offset, int length, Visitor visitor) {
        MediaFormatException.checkRange(rbsp.length, offset, length, "SEI");
        int pos = offset;
        int end = offset + length;
        // Each message needs at least two header bytes; a lone 0x80 is the trailing bits.
        while (end - pos >= 2) {
            int type = 0;
            int b;
            do {
                b = rbsp[pos++] & 0xff;
                type += b;
                if (pos >= end) {
                    throw new MediaFormatException("SEI truncated in payload type");
                }
            } while (b == 0xff);
            int size = 0;
            do {
                b = rbsp[pos++] & 0xff;
                size += b;
                if (pos > end || (b == 0xff && pos >= end)) {
                    throw new MediaFormatException("SEI truncated in payload size");
                }
            } while (b == 0xff);
            if (size > end - pos) {
                throw new MediaFormatException("SEI payload size " + size + " runs past the NAL unit");
            }
            if (!visitor.message(type, rbsp, pos, size)) {
                return;
            }
            pos += size;
        }
    }

    /** Encodes one sei_message (payload type, payload size, payload) followed by rbsp_trailing_bits. */
    public static byte[] messageRbsp(int payloadType, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 8);
        writeFfCoded(out, payloadType);
        writeFfCoded(out, payload.length);
        out.writeBytes(payload);
        out.write(0x80); // rbsp_stop_one_bit and alignment zeros
        return out.toByteArray();
    }

    private static void writeFfCoded(ByteArrayOutputStream out, int value) {
        int v = value;
        while (v >= 255) {
            out.write(0xff);
            v -= 255;
        }
        out.write(v);
    }
}
