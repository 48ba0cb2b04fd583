package io.zonecam.pictures.decode;

/**
 * AccessUnit is one coded picture as an fMP4 sample holds it: NAL units with length prefixes of the track's
 * {@link VideoTrack#nalLengthSize()}, and its decode and presentation times in the track's timescale.
 *
 * @param dts      decode time
 * @param pts      presentation time (dts + composition offset; B-frames show later than they decode)
 * @param duration sample duration in ticks, 0 when unknown
 * @param keyframe true for a sync sample (IDR, or an IRAP picture in H.265)
 * @param data     the sample bytes (not copied: do not change them)
 */
public record AccessUnit(long dts, long pts, long duration, boolean keyframe, byte[] data) {}
