package io.zonecam.webrtc.demux;

/**
 * DatagramKind is what a datagram arriving on the shared media port carries, decided by {@link DatagramClassifier}.
 */
public enum DatagramKind {
    /** A STUN message (first byte 0–3): ICE connectivity checks and consent. */
    STUN,
    /** A DTLS record (first byte 20–63): the handshake and alerts. */
    DTLS,
    /** An RTP packet (first byte 128–191, payload type outside 64–95). */
    RTP,
    /** An RTCP packet (first byte 128–191, packet type 192–223). */
    RTCP,
    /** Anything else, including ZRTP and TURN channel data, and packets too short for their kind: dropped. */
    UNKNOWN
}
