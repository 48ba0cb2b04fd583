package io.zonecam.ingest.track;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.timing.DtsEstimator;
import java.util.List;

/**
 * TrackPipeline is the path one publishing track takes after its protocol depacketized an access unit (RTP packets,
 * FLV tags), the same for RTSP and RTMP: parameter sets, then timestamps, then the session's output.
 *
 * <ol>
 *   <li><b>Parameter sets.</b> Video keeps its SPS/PPS (VPS) from the out-of-band configuration (SDP, avcC/hvcC) and
 *       from the access units themselves; when in-band ones are new or changed, {@link Output#tracksChanged()} runs
 *       before the frame that carries them, so the recorder can write a new init segment first.
 *   <li><b>Timestamps.</b> A protocol that carries presentation times only (RTP) gets decode times from a
 *       {@link DtsEstimator} with the reorder depth of the current SPS; one that carries both (RTMP) keeps them.
 * </ol>
 *
 * <p>Audio passes through. One per track, on the session's thread.
 */
public final class TrackPipeline {

    /** Output is where a session's tracks deliver: the session's track list and its listener. */
    public interface Output {
        /** A track's description changed; read the tracks again. Called before the first frame that needs it. */
        void tracksChanged();

        /** One whole access unit with its decode and presentation time. */
        void frame(MediaFrame frame);
    }

    private final Output out;
    private final VideoTrackState video;
    private final DtsEstimator dts;
    private final TrackInfo audio;

    private TrackPipeline(Output out, VideoTrackState video, DtsEstimator dts, TrackInfo audio) {
        this.out = out;
        this.video = video;
        this.dts = dts;
        this.audio = audio;
    }

    /**
     * A video track.
     *
     * @param parameterSets         the out-of-band configuration, may be empty until in-band parameter sets arrive
     * @param presentationTimesOnly true when frames arrive with pts only (dts = pts) and need decode times
     */
    public static TrackPipeline video(
            int trackId,
            Codec codec,
            int timescale,
            List<byte[]> parameterSets,
            boolean presentationTimesOnly,
            Output out) {
        VideoTrackState video = new VideoTrackState(trackId, codec, timescale);
        video.replace(parameterSets);
        // An unknown depth starts without delay; the estimator widens on the first reordered frame.
        DtsEstimator dts = presentationTimesOnly ? new DtsEstimator(video.reorderDepth()) : null;
        return new TrackPipeline(out, video, dts, null);
    }

    /** An audio track: frames pass through as they are. */
    public static TrackPipeline audio(TrackInfo info, Output out) {
        return new TrackPipeline(out, null, null, info);
    }

    /** The track's current description. */
    public TrackInfo info() {
        return video != null ? video.info() : audio;
    }

    /** True for a video track. */
    public boolean isVideo() {
        return video != null;
    }

    /** The video codec, or the audio one. */
    public Codec codec() {
        return info().codec();
    }

    /** True once the track can be decoded: audio always, video once an SPS is known. */
    public boolean configured() {
        return video == null || video.configured();
    }

    /** True when a video access unit is a random access point (IDR, IRAP); false for audio. */
    public boolean isRandomAccess(byte[] accessUnit) {
        return video != null && video.isRandomAccess(accessUnit);
    }

    /**
     * Replaces a video track's parameter sets with a new out-of-band configuration (an RTMP sequence header); tells
     * the output when the track changed.
     */
    public void configure(List<byte[]> parameterSets) {
        if (video != null && video.replace(parameterSets)) {
            parameterSetsChanged();
        }
    }

    /** Takes one depacketized access unit in arrival (decode) order. */
    public void push(MediaFrame frame) {
        if (video == null) {
            out.frame(frame);
            return;
        }
        if (video.absorbInBand(frame.data())) {
            parameterSetsChanged();
        }
        if (dts == null) {
            out.frame(frame);
        } else {
            dts.push(frame, out::frame);
        }
    }

    /** Delivers what the pipeline holds (the first frames of a reordered stream) at the end of the session. */
    public void flush() {
        if (dts != null) {
            dts.flush(out::frame);
        }
    }

    private void parameterSetsChanged() {
        if (dts != null) {
            dts.announceDepth(video.reorderDepth());
        }
        out.tracksChanged();
    }
}
