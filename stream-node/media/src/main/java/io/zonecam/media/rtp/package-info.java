/**
 * RTP (RFC 3550) for ingest and live: packet parsing and header writing, depacketizers for H.264 (RFC 6184),
 * H.265 (RFC 7798), AAC (RFC 3640), G.711 and Opus, the SDP-driven {@link io.zonecam.media.rtp.DepacketizerFactory},
 * and the H.264/AAC packetizers. Timestamps are unwrapped and decode times estimated by {@link io.zonecam.media.timing}.
 *
 * <p>Depacketizers never throw on the hot path: they count what they drop ({@code dropped()}), and video resumes
 * at the next keyframe after loss. Packetizers copy each payload byte once, into caller-supplied buffers.
 */
package io.zonecam.media.rtp;
