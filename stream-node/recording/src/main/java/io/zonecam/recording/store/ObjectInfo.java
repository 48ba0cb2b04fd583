package io.zonecam.recording.store;

import java.time.Instant;

/**
 * ObjectInfo is one object's key, size and last-modified time.
 *
 * @param key          the key
 * @param size         bytes
 * @param lastModified when it was stored
 */
public record ObjectInfo(String key, long size, Instant lastModified) {}
