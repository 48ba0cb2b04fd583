package io.zonecam.recording;

import java.time.Instant;

/**
 * RecordingHealth hears when a {@link Recorder} stops writing a session it still receives and when it writes again:
 * the begin and end of a recording gap that only the node can see (the camera keeps publishing). Called on the
 * recorder's thread, at most once per change; implementations must not block (queue and return).
 */
public interface RecordingHealth {

    /** Hears nothing. */
    RecordingHealth NONE = new RecordingHealth() {
        @Override
        public void failed(String cameraId, Instant at, String detail) {}

        @Override
        public void resumed(String cameraId, Instant at) {}
    };

    /**
     * The session's fragments stopped reaching the spool at {@code at}; {@code detail} is {@link #DISK_FULL} when the
     * spool's disk has no room left, {@link #SPOOL_FAILED} for any other write failure.
     */
    void failed(String cameraId, Instant at, String detail);

    /** A fragment reached the spool again after a failure, or the session ended while failing (its gap is over). */
    void resumed(String cameraId, Instant at);

    String DISK_FULL = "disk-full";
    String SPOOL_FAILED = "spool-failed";
}
