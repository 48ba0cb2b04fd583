package io.zonecam.webrtc.stun;

/**
 * StunClass is the two class bits C1 C0 interleaved into the STUN message type (RFC 8489 §5).
 */
public enum StunClass {
    /** 0b00: a request, answered by a success or error response. */
    REQUEST,
    /** 0b01: an indication, never answered. */
    INDICATION,
    /** 0b10: a success response. */
    SUCCESS_RESPONSE,
    /** 0b11: an error response. */
    ERROR_RESPONSE;

    private static final StunClass[] VALUES = values();

    static StunClass fromBits(int bits) {
        return VALUES[bits & 3];
    }
}
