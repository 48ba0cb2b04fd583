package io.zonecam.recording;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.bits.ByteSlice;
import io.zonecam.media.fmp4.Fragment;
import io.zonecam.media.fmp4.Fragmenter;
import io.zonecam.media.fmp4.InitSegmentWriter;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.H264Nal;
import io.zonecam.media.h264.LengthPrefixed;
import io.zonecam.media.h265.H265Nal;
import io.zonecam.recording.format.FragmentSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Recorder records one camera publish session: frames in, CMAF fragments fsynced to the {@link Spool}, objects
 * of a bounded duration finalized for upload.
 *
 * <p><b>Flow.</b> Frames go to the media {@link Fragmenter} (about 2 s fragments cut at keyframes); each fragment
 * is appended to the current {@link SpoolObject} and fsynced, and only then counts as recorded. When the object
 * reaches {@link RecorderConfig#objectDuration()} (on a fragment boundary) or its sidx room is full, it is
 * finalized and a new one starts with the next fragment. The media timeline continues across objects of a
 * session, so playback plays them back to back without a discontinuity.
 *
 * <p><b>New objects</b> also start when (1) the primary video track's parameter sets change (in-band SPS/PPS of
 * a keyframe differ, or arrive for the first time): new init segment; (2) the primary track's dts steps back or
 * forward by more than {@link RecorderConfig#jumpThreshold()}: the object ends before the jump, the anchor is
 * reset from the clock ({@code anchor = now - dts}) so the gap shows in the timeline, but never so that the next
 * object starts before the session's recordings end (the node clock may have stepped back), and recording resumes at
 * the next keyframe; (3) the session ends ({@link #close()}).
 *
 * <p><b>Wall clock.</b> {@code anchorMicros} is the capture time of media time 0 (in every track's timescale).
 * An object's key start is the anchor plus the earliest presentation time of its first fragment, floored to a
 * millisecond; all later times in the object follow from its sidx.
 *
 * <p><b>Dropped frames</b> (counted in {@link RecordingMetrics#framesDropped()}): unknown tracks, tracks whose
 * codec has no ISO BMFF sample entry (G.711), frames before the first keyframe with parameter sets, frames
 * between a timestamp jump and the next keyframe, and what the Fragmenter refuses.
 *
 * <p>Blocking (file writes and fsync) and not thread-safe: call it from one worker thread per camera (e.g. a
 * virtual thread draining the camera's bounded frame queue), never from an event loop. Memory is about one
 * fragment of frames held by the Fragmenter plus the fragment being written.
 */
public final class Recorder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Recorder.class);
    private static final long NONE = Long.MIN_VALUE;

    private final Spool spool;
    private final RecorderConfig config;
    private final RecordingTarget target;
    private final RecordingMetrics metrics;
    private final WriteHealth writeHealth;
    private final List<TrackInfo> tracks;
    private final int primaryIndex;
    private long anchorMicros;
    private Fragmenter fragmenter;
    private byte[] init;
    private SpoolObject current;
    private long lastPrimaryDts = NONE;
    /** Wall-clock end of the last recorded fragment, or NONE. */
    private long recordedUntilMicros = NONE;

    private boolean closed;
    // stats
    private long framesIn;
    private long framesRecorded;
    private long fragmentsRecorded;
    private long objectsFinished;
    private long jumps;
    private long parameterSetChanges;
    private long dropped;
    private long fragmenterLosses;

    /**
     * Starts a session. Tracks whose codec cannot be stored in MP4 are left out (counted per frame); at least one
     * track must remain.
     *
     * @param spool        where fragments go
     * @param config       object duration, fragmenting, jump threshold, clock
     * @param target       key prefix, retention class, camera, session id
     * @param tracks       the session's tracks (video parameter sets may be empty until in-band ones arrive)
     * @param anchorMicros capture wall-clock time of media time 0, in microseconds since the epoch
     */
    public Recorder(
            Spool spool, RecorderConfig config, RecordingTarget target, List<TrackInfo> tracks, long anchorMicros) {
        this(spool, config, target, tracks, anchorMicros, RecordingHealth.NONE);
    }

    /** Starts a session whose write failures and recoveries {@code health} hears. */
    public Recorder(
            Spool spool,
            RecorderConfig config,
            RecordingTarget target,
            List<TrackInfo> tracks,
            long anchorMicros,
            RecordingHealth health) {
        this.spool = Objects.requireNonNull(spool);
        this.config = Objects.requireNonNull(config);
        this.target = Objects.requireNonNull(target);
        this.writeHealth = new WriteHealth(spool, target.cameraId(), Objects.requireNonNull(health));
        this.metrics = spool.metrics();
        this.tracks = new ArrayList<>();
        for (TrackInfo t : tracks) {
            if (InitSegmentWriter.supports(t.codec())) {
                this.tracks.add(t);
            } else {
                LOG.infof(
                        "camera %s: %s track %d is not recorded (no MP4 sample entry)",
                        target.cameraId(), t.codec(), t.trackId());
            }
        }
        if (this.tracks.isEmpty()) {
            throw new IllegalArgumentException("no recordable track");
        }
        int p = 0;
        for (int i = 0; i < this.tracks.size(); i++) {
            if (this.tracks.get(i).isVideo()) {
                p = i;
                break;
            }
        }
        this.primaryIndex = p;
        this.anchorMicros = anchorMicros;
    }

    /** Records one frame; never throws for bad media or I/O (both are counted and logged). */
    public void push(MediaFrame frame) {
        framesIn++;
        if (closed) {
            drop();
            return;
        }
        int index = indexOf(frame.trackId());
        if (index < 0 || frame.dts() < 0) {
            drop();
            return;
        }
        if (index == primaryIndex) {
            TrackInfo primary = tracks.get(primaryIndex);
            if (lastPrimaryDts != NONE && isJump(frame.dts() - lastPrimaryDts, primary.timescale())) {
                jumps++;
                LOG.infof(
                        "camera %s: timestamp jump of %d ticks; starting a new object",
                        target.cameraId(), frame.dts() - lastPrimaryDts);
                endSegment();
                reanchor(micros(frame.dts(), primary.timescale()));
            }
            lastPrimaryDts = frame.dts();
            if (primary.isVideo() && frame.keyframe()) {
                checkParameterSets(frame, primary);
            }
        }
        if (fragmenter == null && !startFragmenter()) {
            drop();
            return;
        }
        fragmenter.push(frame);
    }

    /** Ends the session: the held frames are written as a last fragment and the object is finalized. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        endSegment();
        closed = true;
        writeHealth.sessionEnded(config.clockMicros());
    }

    /** The session's target. */
    public RecordingTarget target() {
        return target;
    }

    /** Counters of this session. */
    public Stats stats() {
        long fragmenterDrops = fragmenter == null ? 0 : fragmenter.dropped() + fragmenter.skipped();
        return new Stats(
                framesIn,
                framesRecorded,
                dropped + fragmenterLosses + fragmenterDrops,
                fragmentsRecorded,
                objectsFinished,
                jumps,
                parameterSetChanges,
                writeHealth.writeFailures(),
                writeHealth.framesLost());
    }

    /**
     * Stats are one session's counters.
     *
     * @param framesIn            frames pushed
     * @param framesRecorded      primary-track frames in fsynced fragments
     * @param framesDropped       frames not recorded (see the class comment)
     * @param fragmentsRecorded   fragments fsynced
     * @param objectsFinished     objects finalized
     * @param jumps               timestamp jumps that ended an object
     * @param parameterSetChanges parameter-set changes that ended an object
     * @param writeFailures       fragments lost to spool I/O errors
     * @param framesLost          primary-track frames of those fragments (not recorded, see
     *                            {@link RecordingMetrics#framesLost()})
     */
    public record Stats(
            long framesIn,
            long framesRecorded,
            long framesDropped,
            long fragmentsRecorded,
            long objectsFinished,
            long jumps,
            long parameterSetChanges,
            long writeFailures,
            long framesLost) {}

    private int indexOf(int trackId) {
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).trackId() == trackId) {
                return i;
            }
        }
        return -1;
    }

    private boolean isJump(long step, int timescale) {
        return step < 0 || micros(step, timescale) > config.jumpThreshold().toNanos() / 1000;
    }

    private void drop() {
        dropped++;
        metrics.framesDropped.increment();
    }

    private boolean startFragmenter() {
        TrackInfo primary = tracks.get(primaryIndex);
        if (primary.isVideo() && primary.parameterSets().isEmpty()) {
            return false; // wait for a keyframe carrying SPS/PPS
        }
        try {
            byte[] header = InitSegmentWriter.write(tracks);
            // Cut on the wall-clock grid so that another node recording the same camera (a drain) cuts alike.
            fragmenter = new Fragmenter(
                    tracks, config.fragments(), mediaMicros -> anchorMicros + mediaMicros, this::onFragment);
            init = header;
            return true;
        } catch (MediaFormatException | IllegalArgumentException e) {
            LOG.warnf("camera %s: cannot write an init segment: %s", target.cameraId(), e.getMessage());
            return false;
        }
    }

    /** Flushes the fragmenter and finalizes the current object. */
    private void endSegment() {
        if (fragmenter != null) {
            fragmenter.flush();
            fragmenterLosses += fragmenter.dropped() + fragmenter.skipped();
            metrics.framesDropped.add(fragmenter.dropped() + fragmenter.skipped());
            fragmenter = null;
        }
        finishObject();
    }

    private void onFragment(Fragment f) {
        TrackInfo primary = tracks.get(primaryIndex);
        FragmentSummary summary;
        try {
            summary = FragmentSummary.of(f.data(), 0, f.data().length, primary.trackId());
        } catch (MediaFormatException e) {
            LOG.errorf(e, "camera %s: fragment %d unreadable", target.cameraId(), f.sequenceNumber());
            writeHealth.lost(f.frameCount());
            return;
        }
        long fragmentStart = anchorMicros + micros(summary.earliestPresentationTime(), primary.timescale());
        try {
            if (current == null) {
                long start = Math.floorDiv(fragmentStart, 1000);
                current = spool.create(
                        target.key(start, start),
                        init,
                        primary.trackId(),
                        primary.timescale(),
                        config.maxFragmentsPerObject());
            }
            current.append(f.data(), summary);
        } catch (IOException | RuntimeException e) {
            writeHealth.lost(f.frameCount());
            LOG.errorf(
                    "camera %s: fragment %d not recorded (%d frames lost): %s",
                    target.cameraId(), f.sequenceNumber(), f.frameCount(), e.toString());
            finishObject(); // keep what was fsynced; the next fragment opens a new object
            writeHealth.writeFailed(fragmentStart, f.data().length);
            return;
        }
        writeHealth.written(fragmentStart);
        fragmentsRecorded++;
        framesRecorded += f.frameCount();
        recordedUntilMicros = Math.max(
                recordedUntilMicros,
                anchorMicros + micros(summary.earliestPresentationTime() + summary.duration(), primary.timescale()));
        metrics.fragmentsWritten.increment();
        metrics.fragmentBytes.add(f.data().length);
        if (current.full()
                || current.durationMicros() >= config.objectDuration().toNanos() / 1000) {
            finishObject();
        }
    }

    /**
     * Anchors the media after a timestamp jump to the node clock, so a pause shows as a gap. The clock may itself
     * have stepped back (an NTP step, a VM restored from a snapshot): the session's next object never starts before
     * what it already recorded ends, or playback would hide one of the two overlapping stretches.
     */
    private void reanchor(long mediaMicros) {
        long fromClock = config.clockMicros().getAsLong() - mediaMicros;
        if (recordedUntilMicros != NONE && fromClock < recordedUntilMicros - mediaMicros) {
            LOG.warnf(
                    "camera %s: the node clock is %d ms behind this session's recordings; the next object follows them",
                    target.cameraId(), (recordedUntilMicros - mediaMicros - fromClock) / 1000);
            anchorMicros = recordedUntilMicros - mediaMicros;
        } else {
            anchorMicros = fromClock;
        }
    }

    private void finishObject() {
        SpoolObject o = current;
        current = null;
        if (o == null) {
            return;
        }
        try {
            if (o.finish() != null) {
                objectsFinished++;
                metrics.objectsFinalized.increment();
            }
        } catch (IOException | RuntimeException e) {
            // The fsynced fragments stay in open/ and are finalized by recovery on the next start.
            LOG.errorf("camera %s: finalizing an object failed: %s", target.cameraId(), e.toString());
            o.abandon();
        }
    }

    private void checkParameterSets(MediaFrame frame, TrackInfo primary) {
        List<byte[]> sets = parameterSets(frame.data(), primary.codec());
        if (sets.isEmpty() || sameSets(sets, primary.parameterSets())) {
            return;
        }
        boolean first = primary.parameterSets().isEmpty();
        if (!first) {
            parameterSetChanges++;
            LOG.infof("camera %s: parameter sets changed; starting a new object", target.cameraId());
        }
        endSegment();
        tracks.set(
                primaryIndex,
                new TrackInfo(
                        primary.trackId(),
                        primary.codec(),
                        primary.timescale(),
                        sets,
                        primary.audioSpecificConfig(),
                        primary.sampleRate(),
                        primary.channels(),
                        0,
                        0));
    }

    /** The complete in-band parameter sets of an access unit in TrackInfo order, or empty. */
    static List<byte[]> parameterSets(byte[] accessUnit, Codec codec) {
        List<ByteSlice> nals;
        try {
            nals = LengthPrefixed.split(accessUnit);
        } catch (MediaFormatException e) {
            return List.of();
        }
        List<byte[]> vps = new ArrayList<>();
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        for (ByteSlice n : nals) {
            if (codec == Codec.H264) {
                int type = H264Nal.type(n.get(0));
                if (type == H264Nal.SPS) {
                    sps.add(n.toByteArray());
                } else if (type == H264Nal.PPS) {
                    pps.add(n.toByteArray());
                }
            } else if (codec == Codec.H265 && n.length() > 1) {
                int type = H265Nal.type(n.get(0));
                if (type == H265Nal.VPS) {
                    vps.add(n.toByteArray());
                } else if (type == H265Nal.SPS) {
                    sps.add(n.toByteArray());
                } else if (type == H265Nal.PPS) {
                    pps.add(n.toByteArray());
                }
            }
        }
        if (sps.isEmpty() || pps.isEmpty() || (codec == Codec.H265 && vps.isEmpty())) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>(vps);
        out.addAll(sps);
        out.addAll(pps);
        return out;
    }

    private static boolean sameSets(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static long micros(long ticks, long timescale) {
        return Math.floorDiv(ticks, timescale) * 1_000_000L + Math.floorMod(ticks, timescale) * 1_000_000L / timescale;
    }
}
