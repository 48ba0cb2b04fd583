package io.zonecam.webrtc.sfu;

import io.zonecam.webrtc.negotiation.NegotiationException;
import java.util.Objects;
import java.util.Optional;

/**
 * SfuException says why {@link Sfu#createViewer} refused a WHEP offer, with a {@link Reason} the HTTP layer maps to a
 * problem+json status ({@link Reason#httpStatus()} is the suggestion) and a message fit for the problem's detail.
 */
public final class SfuException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Reason names the refusal; each carries the HTTP status the WHEP endpoint should answer with. */
    public enum Reason {
        /** The offer is not usable SDP (empty, unparseable, duplicate mids, bad ICE credentials or fingerprint). */
        BAD_OFFER(400),
        /** The offer is larger than the negotiator accepts. */
        OFFER_TOO_LARGE(413),
        /** The offer is SDP but nothing in it can be answered: no H.264 packetization-mode 1, no receivable video,
         * no rtcp-mux, not DTLS-SRTP, ICE-lite, a=setup:passive, or a strict profile mismatch. */
        OFFER_NOT_ACCEPTABLE(406),
        /** No camera with this id is publishing on this node. */
        CAMERA_NOT_FOUND(404),
        /** The camera publishes, but nothing WebRTC can carry (no H.264 track, e.g. H.265 only). */
        CAMERA_NOT_PLAYABLE(409),
        /** The camera's H.264 has B-frames, which browsers' WebRTC decoders cannot show (SFU.md): it must be set to
         * send none. Recordings are not affected. */
        CAMERA_HAS_B_FRAMES(409),
        /** The camera already has its maximum number of viewers. */
        CAMERA_VIEWER_LIMIT(429),
        /** The node already serves its maximum number of viewers: try another node later. */
        NODE_VIEWER_LIMIT(503),
        /** The SFU is shutting down. */
        SHUTTING_DOWN(503);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        /** The HTTP status a WHEP endpoint should answer with. */
        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Reason reason;
    private final transient NegotiationException.Reason negotiationReason;

    /** An exception for a refusal that is not about the offer's content. */
    public SfuException(Reason reason, String message) {
        this(reason, message, null);
    }

    private SfuException(Reason reason, String message, NegotiationException.Reason negotiationReason) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.negotiationReason = negotiationReason;
    }

    /** Wraps a negotiator refusal, keeping its precise reason. */
    static SfuException fromNegotiation(NegotiationException e) {
        Reason r = switch (e.reason()) {
            case OFFER_TOO_LARGE -> Reason.OFFER_TOO_LARGE;
            case MALFORMED_SDP, NO_ICE_CREDENTIALS, INVALID_ICE_CREDENTIALS, NO_FINGERPRINT -> Reason.BAD_OFFER;
            case CAMERA_HAS_NO_H264 -> Reason.CAMERA_NOT_PLAYABLE;
            case NO_VIDEO_SECTION,
                    UNSUPPORTED_TRANSPORT,
                    VIDEO_NOT_RECEIVABLE,
                    NO_RTCP_MUX,
                    NO_H264_PACKETIZATION_MODE_1,
                    NO_COMPATIBLE_H264_PROFILE,
                    REMOTE_ICE_LITE,
                    UNSUPPORTED_SETUP_ROLE -> Reason.OFFER_NOT_ACCEPTABLE;
        };
        return new SfuException(r, e.getMessage(), e.reason());
    }

    /** Why the offer was refused. */
    public Reason reason() {
        return reason;
    }

    /** The negotiator's precise reason when the offer itself was refused. */
    public Optional<NegotiationException.Reason> negotiationReason() {
        return Optional.ofNullable(negotiationReason);
    }
}
