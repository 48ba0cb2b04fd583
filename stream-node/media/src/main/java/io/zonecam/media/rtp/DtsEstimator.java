package io.zonecam.media.rtp;

import java.util.PriorityQueue;

/**
 * DtsEstimator derives monotonic decode timestamps for video whose RTP timestamps are presentation times in
 * decode order (RFC 6184 §5.1: the RTP timestamp is the sampling instant), which is what B-frame streams need
 * before they can be written to MP4.
 *
 * <p>With a reorder depth N (H.264 VUI max_num_reorder_frames; 0 for streams without B-frames), the decode time of
 * the i-th frame is the i-th smallest presentation time seen so far once N frames of look-back exist: it never
 * exceeds the frame's own pts and only grows. The first N frames get times one nominal step apart before the first
 * pts. No frame is delayed. If a stream reorders deeper than declared, dts is kept strictly increasing (it may then
 * pass pts, which trun version 1 expresses as a negative composition offset) and the event is counted. Not thread-safe: one per video track.
 */
public final class DtsEstimator {

    /** Deepest reorder accepted (H.264 allows at most 16 frames in the DPB). */
    public static final int MAX_REORDER = 16;

    private final int depth;
    private final long step;
    private final PriorityQueue<Long> window = new PriorityQueue<>();
    private long frames;
    private long firstPts;
    private long lastDts = Long.MIN_VALUE;
    private long violations;

    /**
     * @param reorderDepth frames a picture may be displayed after later-decoded ones (0..16)
     * @param nominalStep  frame duration in the track timescale, used only for the first frames (e.g. 3600)
     */
    public DtsEstimator(int reorderDepth, long nominalStep) {
        if (reorderDepth < 0 || reorderDepth > MAX_REORDER || nominalStep <= 0) {
            throw new IllegalArgumentException("reorder depth 0..16 and a positive step required");
        }
        this.depth = reorderDepth;
        this.step = nominalStep;
    }

    /** The decode time for the next frame in decode order, given its presentation time. */
    public long dts(long pts) {
        long dts;
        if (depth == 0) {
            dts = pts;
        } else {
            window.add(pts);
            if (frames == 0) {
                firstPts = pts;
            }
            if (frames < depth) {
                dts = firstPts - (depth - frames) * step;
            } else {
                dts = window.poll();
            }
        }
        frames++;
        if (dts <= lastDts || dts > pts) {
            violations++;
            dts = Math.min(pts, lastDts + 1);
            if (dts <= lastDts) {
                dts = lastDts + 1; // pts went backwards beyond the window: keep dts increasing regardless
            }
        }
        lastDts = dts;
        return dts;
    }

    /** Frames whose pts did not fit the declared reorder depth. */
    public long violations() {
        return violations;
    }
}
