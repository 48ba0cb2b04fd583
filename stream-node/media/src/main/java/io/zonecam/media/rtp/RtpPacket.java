package io.zonecam.media.rtp;

/**
 * RtpPacket is a parsed RTP packet (RFC 3550 §5.1) whose payload is a view into the packet bytes.
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
public record RtpPacket(int payloadType, boolean marker, int sequenceNumber, long timestamp, long ssrc,
                        byte[] buffer, int payloadOffset, int payloadLength) {
}
