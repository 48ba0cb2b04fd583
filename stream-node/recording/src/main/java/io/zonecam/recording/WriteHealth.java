package io.zonecam.recording;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * WriteHealth tracks whether one session's fragments reach the spool: it counts the fragments and frames lost, and
 * tells {@link RecordingHealth} once when writing starts failing and once when it works again (or the session ends),
 * so a gap is reported as one begin and one end however many fragments fall into it.
 *
 * <p>Not thread-safe: used on its {@link Recorder}'s thread.
 */
final class WriteHealth {

    private final Spool spool;
    private final RecordingMetrics metrics;
    private final String cameraId;
    private final RecordingHealth health;
    /** Fragments are failing to reach the spool (a gap {@link #health} has heard of). */
    private boolean failing;

    private long writeFailures;
    private long framesLost;

    WriteHealth(Spool spool, String cameraId, RecordingHealth health) {
        this.spool = spool;
        this.metrics = spool.metrics();
        this.cameraId = cameraId;
        this.health = health;
    }

    /** Counts a fragment that was not recorded, with its {@code frames} primary-track frames. */
    void lost(int frames) {
        writeFailures++;
        framesLost += frames;
        metrics.fragmentWriteFailures.increment();
        metrics.framesLost.add(frames);
    }

    /** A fragment of {@code bytes} starting at {@code atMicros} could not be written: a gap begins, if none has. */
    void writeFailed(long atMicros, int bytes) {
        if (failing) {
            return;
        }
        failing = true;
        // Told by the disk, not by the exception's text: out of room for this fragment means the disk is full.
        health.failed(
                cameraId,
                instant(atMicros),
                spool.hasRoomFor(bytes) ? RecordingHealth.SPOOL_FAILED : RecordingHealth.DISK_FULL);
    }

    /** A fragment starting at {@code atMicros} reached the spool: any gap is over. */
    void written(long atMicros) {
        if (failing) {
            failing = false;
            health.resumed(cameraId, instant(atMicros));
        }
    }

    /** The session ended: a gap still open ends now (the clock is read only then). */
    void sessionEnded(LongSupplier clockMicros) {
        if (failing) {
            written(clockMicros.getAsLong());
        }
    }

    long writeFailures() {
        return writeFailures;
    }

    long framesLost() {
        return framesLost;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000);
    }
}
