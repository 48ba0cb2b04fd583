package io.zonecam.media.timing;

import io.zonecam.media.frame.MediaFrame;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * DtsEstimator gives video that carries presentation times only (RTP, RFC 6184 §5.1: the RTP timestamp is the
 * sampling instant) monotonic decode timestamps, which streams with B-frames need before they can be written to MP4.
 * Frames arrive in decode order with non-monotonic pts.
 *
 * <p>With a reorder depth d (at most d frames precede a frame in decode order but follow it in presentation order,
 * H.264 VUI max_num_reorder_frames, H.265 sps_max_num_reorder_pics), the dts of the i-th frame in decode order is the
 * (i-d)-th smallest pts seen so far. That value is final once frame i arrived (no later frame can be smaller), it
 * never exceeds frame i's own pts, and it grows monotonically: so no latency is added except for the first d frames,
 * which are held until d+1 frames show the frame spacing (the smallest gap between their presentation times). It is
 * the (d+1)-th largest pts so far, kept in a small heap. When a stream reorders deeper than announced (or announced
 * nothing), the depth grows and the affected dts values are clamped to stay monotonic; such frames are counted in
 * {@link #adjusted()}. With d = 0 (no B-frames) dts equals pts.
 *
 * <p>Every frame comes out, the held startup frames included, with its pts unchanged. The startup frames' dts lie up
 * to d frame durations before the first pts, so a caller whose timeline cannot go below some value (an MP4 decode
 * time is unsigned, and the recorder drops negative ones) starts its pts at least that far above it and gives the
 * value as {@code floor}; should the startup still not fit (a very slow frame rate), its dts are squeezed closer
 * together above the floor rather than dropped or made negative.
 *
 * <p>Not thread-safe: one per video track.
 */
public final class DtsEstimator {

    /** Deepest reordering accepted, the H.264/H.265 DPB maximum. */
    public static final int MAX_DEPTH = 16;

    private int depth;
    private final long floor;
    private final PriorityQueue<Long> largest = new PriorityQueue<>();
    private final ArrayDeque<MediaFrame> startup = new ArrayDeque<>();
    private boolean started;
    private long lastDts;
    private boolean haveLast;
    private long adjusted;

    /** @param depth reorder depth from the SPS, 0 when the stream has no B-frames; negative means unknown (0). */
    public DtsEstimator(int depth) {
        this(depth, Long.MIN_VALUE);
    }

    /**
     * @param depth reorder depth from the SPS, 0 when the stream has no B-frames; negative means unknown (0)
     * @param floor the smallest dts to give out while the pts stay at or above it
     */
    public DtsEstimator(int depth, long floor) {
        this.depth = Math.max(0, Math.min(MAX_DEPTH, depth));
        this.floor = floor;
    }

    /** The reorder depth in use (it grows when the stream proves deeper). */
    public int depth() {
        return depth;
    }

    /** Frames whose dts had to be clamped because the stream reordered deeper than announced. */
    public long adjusted() {
        return adjusted;
    }

    /** Sets the announced depth from a new SPS; only growth is applied mid-stream. */
    public void announceDepth(int d) {
        if (d > depth) {
            depth = Math.min(MAX_DEPTH, d);
        }
    }

    /** Takes one frame in decode (arrival) order with pts set; emits zero or more frames with dts set. */
    public void push(MediaFrame f, Consumer<MediaFrame> out) {
        largest.add(f.pts());
        while (largest.size() > depth + 1) {
            largest.poll();
        }
        if (!started) {
            startup.add(f);
            if (startup.size() <= depth) {
                return;
            }
            started = true;
            emitStartup(out);
            return;
        }
        emit(f, largest.peek(), out);
    }

    /** Emits any held frames (end of stream). */
    public void flush(Consumer<MediaFrame> out) {
        if (!started && !startup.isEmpty()) {
            started = true;
            emitStartup(out);
        }
    }

    private void emitStartup(Consumer<MediaFrame> out) {
        long min = Long.MAX_VALUE;
        for (MediaFrame s : startup) {
            min = Math.min(min, s.pts());
        }
        long step = frameSpacing();
        int n = startup.size();
        long room = floor == Long.MIN_VALUE ? Long.MAX_VALUE : min - floor;
        if (n > 1 && room / (n - 1) < step) {
            // Not enough room above the floor: keep the startup frames in order, closer together (or one tick apart
            // from the floor up when there is no room at all; the next frames are then clamped to stay monotonic).
            step = room / (n - 1);
        }
        int k = 0;
        for (MediaFrame s : startup) {
            // The last startup frame gets the smallest pts; earlier ones step back from it at the frame spacing.
            emit(s, step > 0 ? min - (long) (n - 1 - k) * step : floor + k, out);
            k++;
        }
        startup.clear();
    }

    /** The smallest positive gap between the startup frames' presentation times: the frame duration. */
    private long frameSpacing() {
        long[] pts = startup.stream().mapToLong(MediaFrame::pts).sorted().toArray();
        long step = Long.MAX_VALUE;
        for (int i = 1; i < pts.length; i++) {
            long gap = pts[i] - pts[i - 1];
            if (gap > 0) {
                step = Math.min(step, gap);
            }
        }
        return step == Long.MAX_VALUE ? 1 : step;
    }

    private void emit(MediaFrame f, long dts, Consumer<MediaFrame> out) {
        boolean clamped = false;
        if (dts > f.pts()) {
            // Reordered deeper than the depth: widen it for the frames to come, and keep this one decodable.
            clamped = true;
            if (depth < MAX_DEPTH) {
                depth++;
            }
            dts = f.pts();
        }
        if (haveLast && dts <= lastDts) {
            clamped = true;
            dts = lastDts + 1;
        }
        if (clamped) {
            adjusted++;
        }
        haveLast = true;
        lastDts = dts;
        out.accept(dts == f.dts() ? f : new MediaFrame(f.trackId(), dts, f.pts(), f.keyframe(), f.data()));
    }
}
