package io.zonecam.recording;

import io.zonecam.media.fmp4.Fragmenter;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * RecorderConfig holds the recorder's knobs; {@link #defaults()} is what production uses.
 *
 * @param objectDuration        an object is closed at the first fragment boundary at or after this duration
 *                              (60 s: 60 PUTs per camera-hour)
 * @param fragments             fragment cutting (about 2 s at keyframes)
 * @param maxFragmentsPerObject room reserved for the sidx; an object closes early when it is full
 * @param jumpThreshold         a primary-track dts step larger than this (or any step backwards) ends the object;
 *                              the next one starts at the next keyframe, re-anchored to the clock
 * @param clockMicros           wall clock in microseconds since the epoch (re-anchoring after jumps)
 */
public record RecorderConfig(
        Duration objectDuration,
        Fragmenter.Config fragments,
        int maxFragmentsPerObject,
        Duration jumpThreshold,
        LongSupplier clockMicros) {

    public RecorderConfig {
        Objects.requireNonNull(objectDuration);
        Objects.requireNonNull(fragments);
        Objects.requireNonNull(jumpThreshold);
        Objects.requireNonNull(clockMicros);
        if (objectDuration.toMillis() < 1
                || maxFragmentsPerObject < 1
                || maxFragmentsPerObject > io.zonecam.recording.format.SegmentIndex.MAX_REFERENCES
                || jumpThreshold.toMillis() < 1) {
            throw new IllegalArgumentException("bad recorder config");
        }
    }

    /** 60 s objects of about 2 s fragments, 128 fragments at most, 5 s jump threshold, system clock. */
    public static RecorderConfig defaults() {
        return new RecorderConfig(
                Duration.ofSeconds(60),
                Fragmenter.Config.defaults(),
                128,
                Duration.ofSeconds(5),
                () -> System.currentTimeMillis() * 1000L);
    }

    /** This config with another object duration. */
    public RecorderConfig withObjectDuration(Duration d) {
        return new RecorderConfig(d, fragments, maxFragmentsPerObject, jumpThreshold, clockMicros);
    }

    /** This config with another clock. */
    public RecorderConfig withClock(LongSupplier clock) {
        return new RecorderConfig(objectDuration, fragments, maxFragmentsPerObject, jumpThreshold, clock);
    }
}
