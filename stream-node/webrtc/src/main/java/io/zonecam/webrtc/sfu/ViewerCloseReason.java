package io.zonecam.webrtc.sfu;

/**
 * ViewerCloseReason says why a viewer session ended; each reason is counted in {@link SfuMetrics}.
 */
public enum ViewerCloseReason {
    /** The app deleted it (WHEP DELETE). */
    DELETED,
    /** ICE and DTLS-SRTP were not both done within the connect timeout (offers that never connect). */
    CONNECT_TIMEOUT,
    /** No valid STUN consent check within the consent timeout (RFC 7675). */
    CONSENT_EXPIRED,
    /** The DTLS handshake failed (timeout, wrong fingerprint, no SRTP profile, garbage...). */
    DTLS_FAILED,
    /** The viewer ended DTLS with close_notify (the browser closed the peer connection). */
    DTLS_CLOSED,
    /** The camera stopped publishing. */
    CAMERA_ENDED,
    /** The camera turned out to send B-frames, which browsers cannot play live (SFU.md): closed instead of frozen. */
    CAMERA_HAS_B_FRAMES,
    /** The SFU shut down. */
    SHUTDOWN,
    /** A bug: something threw where nothing should. */
    INTERNAL_ERROR
}
