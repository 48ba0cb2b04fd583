package io.zonecam.media.fmp4;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.FrameMarker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;

/**
 * Fragmenter turns the frames of one camera's tracks into CMAF fragments (ISO/IEC 23000-19 §7.3.2): one moof with
 * a traf per track, cut at a keyframe of the primary video track once the target duration is reached.
 *
 * <p><b>Cutting.</b> The primary track is the first video track (or the first track when there is no video).
 * When a primary keyframe arrives and the current fragment spans at least {@link Config#targetMicros()}, the
 * fragment is closed before that keyframe, so every fragment starts with a random access point. Audio-only
 * streams are cut by duration at any frame. A fragment that reaches {@link Config#maxMicros()} or
 * {@link Config#maxBytes()} without a keyframe is cut anyway (its successor then has {@code keyframe == false}),
 * which bounds memory for cameras with very long GOPs. Nothing is written before the first primary keyframe:
 * earlier frames of every track are skipped and counted.
 *
 * <p><b>Wall-clock grid.</b> Given a clock (media time → capture time), cuts follow a grid instead: a fragment is
 * closed before the first primary keyframe whose capture time falls in a later cell of {@code targetMicros} than
 * the fragment's first frame. Two sessions of one camera (the old and new node during a drain) then cut at the same
 * keyframes, so their fragments line up and playback can switch from one to the other with no gap and no repeat.
 *
 * <p><b>Durations.</b> A sample's duration is the next frame's dts minus its own, so each track holds back its
 * newest frame until the next one arrives; at a cut, each track's held frame moves to the next fragment.
 * {@link #flush()} (end of stream) gives held frames the previous sample's duration, or a codec default (1024
 * for AAC, 20 ms for Opus/G.711, 1/25 s for video) when there is none.
 *
 * <p><b>Bad input.</b> Frames of unknown tracks or whose dts does not increase are dropped and counted, never
 * thrown. Frame bytes are not copied until a fragment is written. Not thread-safe: one instance per camera.
 */
public final class Fragmenter {

    /**
     * Config sets the fragment length and the limits.
     *
     * @param targetMicros fragment duration to reach before cutting at the next keyframe
     * @param maxMicros    duration at which a fragment is cut even without a keyframe
     * @param maxBytes     payload bytes at which a fragment is cut even without a keyframe
     */
    public record Config(long targetMicros, long maxMicros, long maxBytes) {
        public Config {
            if (targetMicros <= 0 || maxMicros < targetMicros || maxBytes <= 0) {
                throw new IllegalArgumentException("need 0 < target <= max and maxBytes > 0");
            }
        }

        /** About two seconds per fragment, forced cuts after 10 s or 32 MiB. */
        public static Config defaults() {
            return new Config(2_000_000, 10_000_000, 32L << 20);
        }
    }

    private final Map<Integer, TrackState> tracks = new LinkedHashMap<>();
    private final List<TrackInfo> infos;
    private final TrackState primary;
    private final Config config;
    private final LongUnaryOperator captureMicros;
    private final Consumer<Fragment> sink;
    private long sequence;
    private boolean started;
    private boolean nextStartsWithKeyframe = true;
    private long pendingBytes;
    private long dropped;
    private long skipped;

    /** A fragmenter with {@link Config#defaults()}. */
    public Fragmenter(List<TrackInfo> tracks, Consumer<Fragment> sink) {
        this(tracks, Config.defaults(), sink);
    }

    public Fragmenter(List<TrackInfo> tracks, Config config, Consumer<Fragment> sink) {
        this(tracks, config, null, sink);
    }

    /**
     * A fragmenter cutting on the wall-clock grid.
     *
     * @param captureMicros capture time (µs since the epoch) of a primary-track media time in µs; null cuts by
     *                      duration alone
     */
    public Fragmenter(List<TrackInfo> tracks, Config config, LongUnaryOperator captureMicros, Consumer<Fragment> sink) {
        this.captureMicros = captureMicros;
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("no tracks");
        }
        this.infos = List.copyOf(tracks);
        this.config = Objects.requireNonNull(config);
        this.sink = Objects.requireNonNull(sink);
        TrackState first = null;
        TrackState firstVideo = null;
        for (TrackInfo t : infos) {
            TrackState s = new TrackState(t);
            if (tracks().containsKey(t.trackId())) {
                throw new IllegalArgumentException("duplicate track id " + t.trackId());
            }
            this.tracks.put(t.trackId(), s);
            first = first == null ? s : first;
            if (firstVideo == null && t.isVideo()) {
                firstVideo = s;
            }
        }
        this.primary = firstVideo != null ? firstVideo : first;
    }

    private Map<Integer, TrackState> tracks() {
        return tracks;
    }

    /** The CMAF header for these tracks (see {@link InitSegmentWriter}). */
    public byte[] initSegment() {
        return InitSegmentWriter.write(infos);
    }

    /** Adds a frame; may emit one fragment to the sink. */
    public void push(MediaFrame frame) {
        TrackState t = tracks.get(frame.trackId());
        if (t == null || frame.data().length == 0) {
            dropped++;
            return;
        }
        if (!started) {
            if (t != primary || !frame.keyframe()) {
                skipped++;
                return;
            }
            started = true;
        }
        if (t.held != null && frame.dts() <= t.held.dts()) {
            dropped++;
            return;
        }
        if (t.held != null) {
            t.complete(frame.dts() - t.held.dts());
        }
        if (t == primary && !t.samples.isEmpty()) {
            long elapsed = micros(frame.dts() - t.firstDts, t.info.timescale());
            boolean atKeyframe = frame.keyframe() || !t.info.isVideo();
            if (atKeyframe && reachedTarget(t, frame, elapsed)) {
                cut(true);
            } else if (elapsed >= config.maxMicros() || pendingBytes >= config.maxBytes()) {
                cut(frame.keyframe());
            }
        }
        t.held = frame;
        pendingBytes += frame.data().length;
    }

    /** Whether the fragment has run long enough to cut before this frame: by duration, or by grid cell. */
    private boolean reachedTarget(TrackState t, MediaFrame frame, long elapsed) {
        if (captureMicros == null) {
            return elapsed >= config.targetMicros();
        }
        long first = captureMicros.applyAsLong(micros(t.firstDts, t.info.timescale()));
        long now = captureMicros.applyAsLong(micros(frame.dts(), t.info.timescale()));
        return Math.floorDiv(now, config.targetMicros()) != Math.floorDiv(first, config.targetMicros());
    }

    /** Ends the stream: held frames get the previous duration and everything left is written as a fragment. */
    public void flush() {
        for (TrackState t : tracks.values()) {
            if (t.held != null) {
                t.complete(t.lastDuration > 0 ? t.lastDuration : defaultDuration(t.info));
                t.held = null;
            }
        }
        if (primary.samples.isEmpty()) {
            for (TrackState t : tracks.values()) {
                pendingBytes -= t.bytes;
                t.clear();
            }
            return;
        }
        cut(false);
    }

    /** Frames dropped: unknown track, empty, or dts not increasing. */
    public long dropped() {
        return dropped;
    }

    /** Frames skipped while waiting for the first primary keyframe. */
    public long skipped() {
        return skipped;
    }

    private void cut(boolean nextIsKeyframe) {
        List<FragmentWriter.TrackRun> runs = new ArrayList<>(tracks.size());
        for (TrackState t : tracks.values()) {
            if (!t.samples.isEmpty()) {
                runs.add(new FragmentWriter.TrackRun(
                        t.info.trackId(), t.info.isVideo(), t.firstDts, List.copyOf(t.samples)));
            }
        }
        long duration = 0;
        for (FragmentWriter.Sample s : primary.samples) {
            duration += s.duration();
        }
        FrameMarker first = marker(primary.frames.get(0));
        FrameMarker last = marker(primary.frames.get(primary.frames.size() - 1));
        byte[] data = FragmentWriter.write(++sequence, runs);
        Fragment f = new Fragment(
                sequence,
                data,
                primary.firstDts,
                duration,
                primary.info.timescale(),
                nextStartsWithKeyframe,
                primary.samples.size(),
                first,
                last);
        for (TrackState t : tracks.values()) {
            pendingBytes -= t.bytes;
            t.clear();
        }
        nextStartsWithKeyframe = nextIsKeyframe;
        sink.accept(f);
    }

    private FrameMarker marker(MediaFrame frame) {
        Codec codec = primary.info.codec();
        if (codec != Codec.H264 && codec != Codec.H265) {
            return null;
        }
        try {
            return FrameMarker.find(frame.data(), codec).orElse(null);
        } catch (MediaFormatException e) {
            return null;
        }
    }

    private static long micros(long ticks, int timescale) {
        return Fragment.toMicros(ticks, timescale);
    }

    private static long defaultDuration(TrackInfo info) {
        return switch (info.codec()) {
            case AAC ->
                1024L * info.timescale() / Math.max(1, info.sampleRate() > 0 ? info.sampleRate() : info.timescale());
            case OPUS, PCMU, PCMA -> info.timescale() / 50;
            default -> info.timescale() / 25;
        };
    }

    private static final class TrackState {
        final TrackInfo info;
        final List<FragmentWriter.Sample> samples = new ArrayList<>();
        final List<MediaFrame> frames = new ArrayList<>();
        MediaFrame held;
        long firstDts;
        long lastDuration;
        long bytes;

        TrackState(TrackInfo info) {
            this.info = info;
        }

        void complete(long duration) {
            MediaFrame f = held;
            if (samples.isEmpty()) {
                firstDts = f.dts();
            }
            long cto = f.pts() - f.dts();
            int offset = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, cto));
            samples.add(new FragmentWriter.Sample(
                    f.data(), 0, f.data().length, Math.min(duration, 0xFFFF_FFFFL), offset, f.keyframe()));
            frames.add(f);
            bytes += f.data().length;
            lastDuration = duration;
            held = null;
        }

        void clear() {
            samples.clear();
            frames.clear();
            bytes = 0;
        }
    }
}
