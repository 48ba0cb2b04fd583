package io.zonecam.media.frame;

/**
 * MediaFrame is one access unit (a whole video picture or one audio frame) on its way from ingest to the recorder
 * and the live fan-out.
 *
 * <p>Video payloads are length-prefixed NAL units (4-byte big-endian lengths, the MP4/AVCC layout) so they can be
 * written to fMP4 without copying; parameter sets may appear in-band. Timestamps are in the track's timescale and
 * already unwrapped to a monotonic 64-bit line: {@code dts} is the decode time, {@code pts} the presentation time
 * ({@code pts - dts} is the composition offset that B-frames need). The payload is owned by the frame and must not
 * be changed once the frame is published.
 *
 * @param trackId  the {@link TrackInfo#trackId()} this frame belongs to
 * @param dts      decode timestamp in the track's timescale
 * @param pts      presentation timestamp in the track's timescale
 * @param keyframe true for a video random access point (IDR/IRAP); always true for audio
 * @param data     the payload
 */
public record MediaFrame(int trackId, long dts, long pts, boolean keyframe, byte[] data) {

    /** Composition time offset ({@code pts - dts}), non-zero for reordered (B-frame) video. */
    public long compositionOffset() {
        return pts - dts;
    }
}
