package io.zonecam.ingest.track;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.timing.DtsEstimator;
import java.time.Duration;
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
 * <p><b>Where an RTP timeline starts.</b> RTP depacketizers start every track at media time 0. With B-frames the
 * first frames must be decoded before that (x264 {@code -bf 2}: two frame durations earlier), and a negative decode
 * time cannot be stored (the MP4 decode time is unsigned; the recorder drops such frames, and with them the whole
 * first GOP, because its fragments start at a keyframe). So every track of an RTP session, audio included, starts at
 * {@link #RTP_TIMELINE_START} instead, the same instant in each track's clock, which keeps the tracks in step and
 * leaves room for {@link DtsEstimator#MAX_DEPTH} frames of reordering at 16 fps and more. Decode times never go
 * below 0 (see {@link DtsEstimator}'s floor). Consumers read media time relative to the session's first frames
 * (the recorder's wall-clock anchor is arrival minus dts), so where 0 lies does not matter to them.
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

    /** Media time of the first frame of every RTP track (see the class comment). */
    public static final Duration RTP_TIMELINE_START = Duration.ofSeconds(1);

    private final Output out;
    private final VideoTrackState video;
    private final DtsEstimator dts;
    private final TrackInfo audio;
    /** Added to both timestamps of every frame: {@link #RTP_TIMELINE_START} for RTP tracks, 0 otherwise. */
    private final long shift;

    private TrackPipeline(Output out, VideoTrackState video, DtsEstimator dts, TrackInfo audio, long shift) {
        this.out = out;
        this.video = video;
        this.dts = dts;
        this.audio = audio;
        this.shift = shift;
    }

    /** {@link #RTP_TIMELINE_START} in ticks of {@code timescale}. */
    static long rtpStart(int timescale) {
        return RTP_TIMELINE_START.toMillis() * timescale / 1000;
    }

    /**
     * A video track.
     *
     * @param parameterSets         the out-of-band configuration, may be empty until in-band parameter sets arrive
     * @param presentationTimesOnly true when frames arrive with pts only (dts = pts) and need decode times: RTP,
     *                              whose timeline then starts at {@link #RTP_TIMELINE_START}
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
        DtsEstimator dts = presentationTimesOnly ? new DtsEstimator(video.reorderDepth(), 0) : null;
        return new TrackPipeline(out, video, dts, null, presentationTimesOnly ? rtpStart(timescale) : 0);
    }

    /** An audio track: frames pass through as they are. */
    public static TrackPipeline audio(TrackInfo info, Output out) {
        return new TrackPipeline(out, null, null, info, 0);
    }

    /** An audio track of an RTP session: frames pass through, on the timeline that starts at {@link #RTP_TIMELINE_START}. */
    public static TrackPipeline rtpAudio(TrackInfo info, Output out) {
        return new TrackPipeline(out, null, null, info, rtpStart(info.timescale()));
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
        if (shift != 0) {
            frame = new MediaFrame(
                    frame.trackId(), frame.dts() + shift, frame.pts() + shift, frame.keyframe(), frame.data());
        }
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
