package io.zonecam.webrtc.transport;

import java.net.InetSocketAddress;

/**
 * TransportPeer is what the transport hands a viewer's non-STUN datagrams to, once ICE has mapped the source address
 * to the viewer's session; it is the attachment of the viewer's {@link io.zonecam.webrtc.ice.IceSession}.
 *
 * <p>Calls arrive on the transport's receive thread with a region of its reused receive buffer, which the callee may
 * change in place (SRTCP is decrypted in place) but must copy to keep. They must not block.
 */
public interface TransportPeer {

    /** A DTLS record (first byte 20–63) from {@code source}. */
    void onDtls(byte[] buf, int offset, int length, InetSocketAddress source);

    /** An SRTCP packet (RTCP packet type 192–223) from {@code source}. */
    void onRtcp(byte[] buf, int offset, int length, InetSocketAddress source);

    /** An SRTP packet from {@code source}; receive-only viewers send none, so the default drops it. */
    default void onRtp(byte[] buf, int offset, int length, InetSocketAddress source) {}
}
