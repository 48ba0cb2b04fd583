package io.zonecam.node.support;

import java.time.Instant;

/**
 * RecordedCamera is a camera an ffmpeg publisher recorded on the node under test ({@link NodeUnderTest#record}):
 * published over RTMP with a device token, its session ended and every object uploaded.
 *
 * @param id   the camera id
 * @param from a whole second before the publish started
 * @param to   a whole second after every object was stored
 */
public record RecordedCamera(String id, Instant from, Instant to) {}
