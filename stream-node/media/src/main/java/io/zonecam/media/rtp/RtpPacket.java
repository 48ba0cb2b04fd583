package io.zonecam.media.rtp;

import io.zonecam.media.MediaFormatException;

/**
 * RtpPacket is a parsed RTP packet (RFC 3550 §5.1) whose payload is a view into the packet bytes.
 *
 * <p>{@link #parse(byte[], int)} checks every length against the buffer; {@link #write(byte[], int, int, boolean,
 * int, long, long)} writes a 12-byte fixed header for packetizers.
 *
 * @param payloadType    7-bit payload type
 * @param marker         the marker bit (last packet of a video access unit)
 * @param sequenceNumber 16-bit sequence number
 * @param timestamp      32-bit RTP timestamp as an unsigned value
 * @param ssrc           synchronization source
 * @param buffer         the whole packet
 * @param payloadOffset  offset of the payload in {@code buffer} (after header, CSRCs, extension)
 * @param payloadLength  payload length without padding
 */
public record RtpPacket(
        int payloadType,
        boolean marker,
        int sequenceNumber,
        long timestamp,
        long ssrc,
        byte[] buffer,
        int payloadOffset,
        int payloadLength) {

    /** Size of the fixed header without CSRCs or extension. */
    public static final int HEADER_SIZE = 12;

    /** Parses the first {@code length} bytes of {@code packet} (the packet starts at index 0). */
    public static RtpPacket parse(byte[] packet, int length) {
        if (length < 0 || length > packet.length) {
            throw new MediaFormatException("RTP length " + length + " outside buffer of " + packet.length);
        }
        if (length < HEADER_SIZE) {
            throw new MediaFormatException("RTP packet shorter than 12 bytes: " + length);
        }
        int b0 = packet[0] & 0xff;
        if (b0 >> 6 != 2) {
            throw new MediaFormatException("RTP version " + (b0 >> 6) + " is not 2");
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0f;
        int b1 = packet[1] & 0xff;
        int pos = HEADER_SIZE + 4 * csrcCount;
        if (pos > length) {
            throw new MediaFormatException("RTP CSRC list runs past the packet");
        }
        if (extension) {
            // RFC 3550 §5.3.1: 16-bit profile, 16-bit length in 32-bit words, then the words.
            if (pos + 4 > length) {
                throw new MediaFormatException("RTP extension header runs past the packet");
            }
            int words = ((packet[pos + 2] & 0xff) << 8) | (packet[pos + 3] & 0xff);
            pos += 4 + 4 * words;
            if (pos > length) {
                throw new MediaFormatException("RTP extension runs past the packet");
            }
        }
        int end = length;
        if (padding) {
            // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
            int pad = packet[length - 1] & 0xff;
            if (pad == 0 || pad > length - pos) {
                throw new MediaFormatException("RTP padding " + pad + " larger than the payload");
            }
            end -= pad;
        }
        long ts = ((packet[4] & 0xffL) << 24)
                | ((packet[5] & 0xff) << 16)
                | ((packet[6] & 0xff) << 8)
                | (packet[7] & 0xff);
        long ssrc = ((packet[8] & 0xffL) << 24)
                | ((packet[9] & 0xff) << 16)
                | ((packet[10] & 0xff) << 8)
                | (packet[11] & 0xff);
        int seq = ((packet[2] & 0xff) << 8) | (packet[3] & 0xff);
        return new RtpPacket(b1 & 0x7f, (b1 & 0x80) != 0, seq, ts, ssrc, packet, pos, end - pos);
    }

    /** Parses a whole array as one packet. */
    public static RtpPacket parse(byte[] packet) {
        return parse(packet, packet.length);
    }

    /** Builds a packet object around a payload that follows a 12-byte header written by {@link #write}. */
    public static RtpPacket of(
            int payloadType, boolean marker, int sequenceNumber, long timestamp, long ssrc, byte[] payload) {
        byte[] buf = new byte[HEADER_SIZE + payload.length];
        write(buf, 0, payloadType, marker, sequenceNumber, timestamp, ssrc);
        System.arraycopy(payload, 0, buf, HEADER_SIZE, payload.length);
        return new RtpPacket(
                payloadType,
                marker,
                sequenceNumber & 0xffff,
                timestamp & 0xFFFF_FFFFL,
                ssrc & 0xFFFF_FFFFL,
                buf,
                HEADER_SIZE,
                payload.length);
    }

    /**
     * Writes a 12-byte RTP fixed header (version 2, no padding, no extension, no CSRC) at {@code offset} and
     * returns its size.
     */
    public static int write(
            byte[] dst, int offset, int payloadType, boolean marker, int sequenceNumber, long timestamp, long ssrc) {
        MediaFormatException.checkRange(dst.length, offset, HEADER_SIZE, "RTP header");
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        dst[offset] = (byte) 0x80;
        dst[offset + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        dst[offset + 2] = (byte) (sequenceNumber >>> 8);
        dst[offset + 3] = (byte) sequenceNumber;
        dst[offset + 4] = (byte) (timestamp >>> 24);
        dst[offset + 5] = (byte) (timestamp >>> 16);
        dst[offset + 6] = (byte) (timestamp >>> 8);
        dst[offset + 7] = (byte) timestamp;
        dst[offset + 8] = (byte) (ssrc >>> 24);
        dst[offset + 9] = (byte) (ssrc >>> 16);
        dst[offset + 10] = (byte) (ssrc >>> 8);
        dst[offset + 11] = (byte) ssrc;
        return HEADER_SIZE;
    }

    /** The payload as a new array. */
    public byte[] payload() {
        byte[] p = new byte[payloadLength];
        System.arraycopy(buffer, payloadOffset, p, 0, payloadLength);
        return p;
    }

    /** The payload byte at {@code index} as an unsigned value. */
    public int payloadByte(int index) {
        if (index < 0 || index >= payloadLength) {
            throw new MediaFormatException("payload index " + index + " outside " + payloadLength + " bytes");
        }
        return buffer[payloadOffset + index] & 0xff;
    }

    /** Serializes the packet with a fixed 12-byte header (CSRCs, extension and padding are not kept). */
    public byte[] toByteArray() {
        byte[] out = new byte[HEADER_SIZE + payloadLength];
        write(out, 0, payloadType, marker, sequenceNumber, timestamp, ssrc);
        System.arraycopy(buffer, payloadOffset, out, HEADER_SIZE, payloadLength);
        return out;
    }
}
