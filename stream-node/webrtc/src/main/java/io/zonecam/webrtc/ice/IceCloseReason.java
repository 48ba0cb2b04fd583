package io.zonecam.webrtc.ice;

/**
 * IceCloseReason says why an ICE-lite session ended.
 */
public enum IceCloseReason {
    /** No pair was nominated within the connect timeout. */
    CONNECT_TIMEOUT,
    /** No valid Binding request within the consent timeout (RFC 7675 §5.1). */
    CONSENT_EXPIRED,
    /** The owner closed it (viewer left, WHEP DELETE, shutdown). */
    CLOSED_BY_OWNER
}
