package io.zonecam.media.rtp;

import io.zonecam.media.frame.TrackInfo;

/**
 * RtpTrack is what {@link DepacketizerFactory} makes of one SDP media section: the payload type to accept, the
 * track description and a fresh depacketizer.
 *
 * @param payloadType  the RTP payload type chosen from the section's formats
 * @param clockRate    the RTP clock rate
 * @param info         track description (codec, timescale, decoder config, size when known)
 * @param depacketizer a depacketizer for this track's packets
 */
public record RtpTrack(int payloadType, int clockRate, TrackInfo info, Depacketizer depacketizer) {}
