package io.zonecam.sim.camera;

/**
 * CameraCounters are one simulated camera's running counters (see {@link CameraStats} for their meaning). The
 * camera's event loop is the only writer; {@link #snapshot} and {@link #takeRecentMaxLagMicros} may run on any
 * thread, which is why every field is volatile.
 */
final class CameraCounters {

    volatile long framesGenerated;
    volatile long framesSent;
    volatile long framesDropped;
    volatile long framesUnsent;
    volatile long framesSkipped;
    volatile long audioSent;
    volatile long closedBytes;
    volatile long sessionsOpened;
    volatile long connectFailures;
    volatile long reconnects;
    volatile long moves;
    volatile long maxLagNanos;
    volatile long recentLagNanos;
    volatile String lastError;

    /** Counts how late a frame was sent against its schedule. */
    void lag(long nanos) {
        if (nanos > maxLagNanos) {
            maxLagNanos = nanos;
        }
        if (nanos > recentLagNanos) {
            recentLagNanos = nanos;
        }
    }

    /** The worst lateness since the previous call, in microseconds (a racing update may be lost: it is a metric). */
    long takeRecentMaxLagMicros() {
        long v = recentLagNanos;
        recentLagNanos = 0;
        return v / 1000;
    }

    /** A snapshot, with the bytes of the open sessions added to those of the closed ones. */
    CameraStats snapshot(String cameraId, SimulatedCamera.Phase phase, String target, long openBytes) {
        return new CameraStats(
                cameraId,
                phase,
                target,
                framesGenerated,
                framesSent,
                framesDropped,
                framesUnsent,
                framesSkipped,
                audioSent,
                closedBytes + openBytes,
                sessionsOpened,
                connectFailures,
                reconnects,
                moves,
                maxLagNanos / 1000,
                lastError);
    }
}
