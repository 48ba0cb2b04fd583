package io.zonecam.sim.publish;

/**
 * AudioSample is one raw AAC frame on a camera's timeline.
 *
 * @param data the raw AAC frame (shared, not to be changed)
 * @param time presentation time in audio samples since the camera's timeline start (the RTP clock of the track)
 * @param captureMicros the capture wall-clock time, microseconds since the Unix epoch
 */
public record AudioSample(byte[] data, long time, long captureMicros) {}
