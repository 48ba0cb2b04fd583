package io.zonecam.webrtc.dtls;

/** DtlsFailure names why a DTLS-SRTP handshake with a viewer did not complete; each reason is counted. */
public enum DtlsFailure {
    /** No complete handshake within {@link DtlsServerConfig#handshakeTimeout()}: viewer gone, or only garbage arrived. */
    HANDSHAKE_TIMEOUT,
    /** The handshake sent more datagrams than {@link DtlsServerConfig#maxHandshakeDatagrams()} (retransmissions or a
     * ClientHello flood that keeps asking for our flight again). */
    RETRANSMIT_LIMIT,
    /** The ClientHello carried no use_srtp extension (RFC 5764 §4.1.1): not a WebRTC peer. */
    NO_USE_SRTP,
    /** use_srtp offered none of the configured protection profiles. */
    NO_COMMON_SRTP_PROFILE,
    /** The client sent no certificate although WebRTC requires one (RFC 8827 §6.5). */
    CLIENT_CERTIFICATE_MISSING,
    /** The client certificate does not hash to any fingerprint of the viewer's SDP offer (RFC 5763 §5). */
    FINGERPRINT_MISMATCH,
    /** The client aborted with a fatal alert. */
    PEER_ALERT,
    /** The client broke the protocol and the server aborted with a fatal alert (bad messages, no common cipher
     * suite, bad signature, ...). */
    PROTOCOL_ERROR,
    /** The session was closed locally before the handshake finished. */
    CLOSED,
    /** A local error (a bug or a crypto provider problem). */
    INTERNAL_ERROR
}
