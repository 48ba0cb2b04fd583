package io.zonecam.webrtc.negotiation;

import java.util.Objects;

/**
 * NegotiationException reports why a viewer's WHEP offer cannot be answered, with a {@link Reason} the WHEP layer
 * maps to an HTTP status (a suggestion: {@link Reason#OFFER_TOO_LARGE} → 413, {@link Reason#CAMERA_HAS_NO_H264} →
 * 409 or 503 since the viewer is not at fault, everything else → 400 or 406 with the message as problem detail).
 */
public final class NegotiationException extends Exception {

    /** Reason names what was wrong with the offer, or with the camera, in terms a client developer can act on. */
    public enum Reason {
        /** The offer is longer than {@link WhepNegotiator#MAX_OFFER_LENGTH}. */
        OFFER_TOO_LARGE,
        /** The offer is not SDP that RFC 8866 parsing accepts, or has duplicate mids. */
        MALFORMED_SDP,
        /** The offer has no usable {@code m=video} section. */
        NO_VIDEO_SECTION,
        /** The video section does not use {@code UDP/TLS/RTP/SAVPF} (DTLS-SRTP, RFC 5764). */
        UNSUPPORTED_TRANSPORT,
        /** The video section is {@code sendonly} or {@code inactive}: the viewer does not want to receive. */
        VIDEO_NOT_RECEIVABLE,
        /** The video section lacks {@code a=rtcp-mux}, which the single-port node requires (RFC 8858). */
        NO_RTCP_MUX,
        /** No H.264 payload type with packetization-mode=1 (RFC 6184 §6.3) is offered. */
        NO_H264_PACKETIZATION_MODE_1,
        /** Strict profile matching is on and no offered H.264 profile decodes the camera's. */
        NO_COMPATIBLE_H264_PROFILE,
        /** No {@code a=ice-ufrag}/{@code a=ice-pwd} at media or session level. */
        NO_ICE_CREDENTIALS,
        /** ICE credentials violate RFC 8839 §5.4 (length or characters). */
        INVALID_ICE_CREDENTIALS,
        /** The offer is ICE-lite too: two lite agents cannot connect (RFC 8445 §2.5). */
        REMOTE_ICE_LITE,
        /** No parseable {@code a=fingerprint} with a supported hash function (RFC 8122 §5). */
        NO_FINGERPRINT,
        /** {@code a=setup:passive} or {@code holdconn}: the node is always the DTLS server (RFC 5763 §5). */
        UNSUPPORTED_SETUP_ROLE,
        /** The camera has no H.264 video track (for example H.265 only), so there is nothing to send. */
        CAMERA_HAS_NO_H264
    }

    private final Reason reason;

    public NegotiationException(Reason reason, String message) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message, null, false, false);
        this.reason = reason;
    }

    /** Why the offer was refused. */
    public Reason reason() {
        return reason;
    }
}
