package io.zonecam.webrtc.stun;

/**
 * StunException reports a datagram that is not a well-formed STUN message (RFC 8489 §5, §14).
 *
 * <p>It carries no stack trace: a flood of garbage on the media port must stay cheap to reject.
 */
public final class StunException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a short reason. */
    public StunException(String reason) {
        super(reason, null, false, false);
    }
}
