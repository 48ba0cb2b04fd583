package io.zonecam.webrtc.negotiation;

/**
 * NegotiatedVideo is the answered video section of one viewer: what the SFU writes into each RTP header and which
 * feedback the viewer will send.
 *
 * @param mid             the section's mid, or {@code null} for an offer without mids
 * @param payloadType     the chosen H.264 payload type (packetization-mode 1)
 * @param rtxPayloadType  the RTX payload type whose apt is {@code payloadType}, or -1 without RTX
 * @param fmtp            the chosen payload type's fmtp as offered and answered
 * @param profileLevelId  the profile-level-id of the chosen payload type
 * @param cameraProfile   the camera's profile-level-id from its SPS, or {@code null} when no SPS is known yet
 * @param profileMismatch true when no offered H.264 profile decodes the camera's and the answer fell back to an
 *                        offered one anyway (see {@link WhepNegotiator})
 * @param ssrc            the SSRC the node sends video with
 * @param rtxSsrc         the RTX SSRC, or 0 without RTX
 * @param nack            the viewer sends Generic NACK (RFC 4585 §6.2.1)
 * @param pli             the viewer sends Picture Loss Indication (RFC 4585 §6.3.1)
 * @param fir             the viewer sends Full Intra Request (RFC 5104 §4.3.1)
 * @param trackId         the msid track id
 */
public record NegotiatedVideo(
        String mid,
        int payloadType,
        int rtxPayloadType,
        String fmtp,
        H264ProfileLevelId profileLevelId,
        H264ProfileLevelId cameraProfile,
        boolean profileMismatch,
        long ssrc,
        long rtxSsrc,
        boolean nack,
        boolean pli,
        boolean fir,
        String trackId) {

    /** True when RTX (RFC 4588) was negotiated. */
    public boolean hasRtx() {
        return rtxPayloadType >= 0;
    }
}
