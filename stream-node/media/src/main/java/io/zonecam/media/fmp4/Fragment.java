package io.zonecam.media.fmp4;

import io.zonecam.media.h264.FrameMarker;

/**
 * Fragment is one CMAF fragment produced by {@link Fragmenter}: the moof+mdat bytes and what the recorder's index
 * and the HLS playlist need to know about them.
 *
 * <p>Times are those of the fragment's primary track (the first video track, or the first track of an audio-only
 * stream) in that track's timescale; {@code startTime} is the decode time of its first sample (the tfdt).
 *
 * @param sequenceNumber the mfhd sequence number, 1 for the first fragment
 * @param data           moof + mdat
 * @param startTime      decode time of the first primary-track sample
 * @param duration       sum of the primary-track sample durations
 * @param timescale      ticks per second of {@code startTime} and {@code duration}
 * @param keyframe       true when the fragment starts with a random access point (false only for forced cuts)
 * @param frameCount     primary-track samples in the fragment
 * @param firstMarker    the frame marker of the first primary-track frame, or {@code null} when it has none
 * @param lastMarker     the frame marker of the last primary-track frame, or {@code null} when it has none
 */
public record Fragment(
        long sequenceNumber,
        byte[] data,
        long startTime,
        long duration,
        int timescale,
        boolean keyframe,
        int frameCount,
        FrameMarker firstMarker,
        FrameMarker lastMarker) {

    /** Start time in microseconds. */
    public long startMicros() {
        return toMicros(startTime, timescale);
    }

    /** Duration in microseconds. */
    public long durationMicros() {
        return toMicros(duration, timescale);
    }

    /** Converts ticks to microseconds without overflowing for any realistic timeline. */
    static long toMicros(long ticks, int timescale) {
        return ticks / timescale * 1_000_000L + ticks % timescale * 1_000_000L / timescale;
    }
}
