package io.zonecam.pictures.thumbs;

import java.time.Duration;

/**
 * ThumbnailSchedule picks the keyframes that become thumbnails: the first keyframe in each interval of capture
 * time (default 10 s), the intervals aligned to the epoch so that two nodes recording the same camera during a
 * drain pick the same keyframes. A camera whose GOP is longer than the interval gets one per keyframe. Not
 * thread-safe: one per camera.
 */
public final class ThumbnailSchedule {

    /** The default interval: 360 pictures per camera-hour. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final long intervalMicros;
    private long lastCell = Long.MIN_VALUE;

    public ThumbnailSchedule(Duration interval) {
        if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("interval " + interval + " outside 1 s .. 1 h");
        }
        this.intervalMicros = interval.toNanos() / 1000;
    }

    /** Pictures per hour at most: the index room of an hour's pack. */
    public int perHour() {
        return (int) ((3_600_000_000L + intervalMicros - 1) / intervalMicros);
    }

    /**
     * True when a keyframe captured at {@code captureMicros} should become a thumbnail (and remembers it). A
     * capture time earlier than the last taken one (a clock set back) starts the schedule over.
     */
    public boolean due(long captureMicros) {
        if (!wouldTake(captureMicros)) {
            return false;
        }
        lastCell = Math.floorDiv(captureMicros, intervalMicros);
        return true;
    }

    /** Whether {@link #due} would take a keyframe captured at {@code captureMicros}, without remembering it. */
    public boolean wouldTake(long captureMicros) {
        return Math.floorDiv(captureMicros, intervalMicros) != lastCell;
    }
}
