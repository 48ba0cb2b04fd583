package io.zonecam.recording;

import java.nio.file.Path;
import java.time.Instant;

/**
 * ReadyObject is a finalized recording object in the spool's {@code ready/} directory, waiting for upload.
 *
 * @param key     where it goes (deterministic from the file name)
 * @param file    the local file
 * @param size    bytes
 * @param readyAt when it was finalized (file modification time after a restart)
 */
public record ReadyObject(RecordingKey key, Path file, long size, Instant readyAt) {}
