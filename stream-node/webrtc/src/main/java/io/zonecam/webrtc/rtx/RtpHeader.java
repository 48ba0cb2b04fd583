package io.zonecam.webrtc.rtx;

/** RtpHeader reads the RTP fixed header fields and boundaries this package needs (RFC 3550 §5.1, §5.3.1). */
final class RtpHeader {

    static final int FIXED_LENGTH = 12;

    private RtpHeader() {}

    static int sequenceNumber(byte[] p) {
        return (p[2] & 0xFF) << 8 | (p[3] & 0xFF);
    }

    /**
     * Offset of the payload: after the fixed header, the CSRC list and the header extension; -1 when the packet
     * is too short for what its header announces.
     */
    static int payloadOffset(byte[] p, int len) {
        if (len < FIXED_LENGTH || (p[0] & 0xC0) != 0x80) {
            return -1;
        }
        int off = FIXED_LENGTH + 4 * (p[0] & 0x0F);
        if ((p[0] & 0x10) != 0) {
            if (len < off + 4) {
                return -1;
            }
            int words = (p[off + 2] & 0xFF) << 8 | (p[off + 3] & 0xFF);
            off += 4 + 4 * words;
        }
        return off <= len ? off : -1;
    }

    /** Payload end without padding (RFC 3550 §5.1: the last octet counts the padding); -1 when malformed. */
    static int payloadEnd(byte[] p, int len, int payloadOffset) {
        if ((p[0] & 0x20) == 0) {
            return len;
        }
        if (len == payloadOffset) {
            return -1;
        }
        int padding = p[len - 1] & 0xFF;
        if (padding == 0 || padding > len - payloadOffset) {
            return -1;
        }
        return len - padding;
    }
}
