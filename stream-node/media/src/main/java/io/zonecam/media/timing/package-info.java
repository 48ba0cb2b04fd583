/**
 * Timing of media frames on their way in: 32-bit RTP and RTMP timestamps unwrapped onto a 64-bit line
 * ({@link io.zonecam.media.timing.TimestampUnwrapper}) and decode times for video that carries presentation times only
 * ({@link io.zonecam.media.timing.DtsEstimator}). Plain Java, no I/O; one instance per track.
 */
package io.zonecam.media.timing;
