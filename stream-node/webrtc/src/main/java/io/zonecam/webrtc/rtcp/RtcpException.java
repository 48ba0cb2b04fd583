package io.zonecam.webrtc.rtcp;

/**
 * RtcpException reports an RTCP packet that violates RFC 3550 §6 framing or a feedback format; stackless, so a flood
 * of garbage stays cheap to reject.
 */
public final class RtcpException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a short reason. */
    public RtcpException(String reason) {
        super(reason, null, false, false);
    }
}
