package io.zonecam.webrtc.negotiation;

import io.zonecam.media.frame.Codec;

/**
 * NegotiatedAudio is the answered audio section of one viewer.
 *
 * @param mid         the section's mid
 * @param codec       {@link Codec#OPUS}, {@link Codec#PCMU} or {@link Codec#PCMA}
 * @param payloadType the offered payload type for that codec
 * @param clockRate   RTP clock rate (48000 for Opus, 8000 for G.711)
 * @param channels    channels as in the rtpmap (2 for Opus per RFC 7587 §7, 1 for G.711)
 * @param ssrc        the SSRC the node sends audio with
 * @param trackId     the msid track id
 */
public record NegotiatedAudio(
        String mid, Codec codec, int payloadType, int clockRate, int channels, long ssrc, String trackId) {}
