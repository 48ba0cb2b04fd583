package io.zonecam.node.recording;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.node.hub.StreamReader;
import io.zonecam.recording.Recorder;
import io.zonecam.recording.RecorderConfig;
import io.zonecam.recording.RecordingMetrics;
import io.zonecam.recording.RecordingTarget;
import io.zonecam.recording.Spool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * SessionRecorder hands one publish session's frames from the ingest I/O thread to its {@link Recorder} on a
 * virtual thread, because recording writes and fsyncs files. The queue is bounded in bytes; if the disk stalls
 * long enough to fill it, frames are dropped (counted as lost) until the next keyframe, so what is recorded
 * stays decodable and memory stays bounded.
 */
final class SessionRecorder implements StreamReader {

    private static final Logger LOG = Logger.getLogger(SessionRecorder.class);
    /** About 16 s of a 2 Mb/s camera: far more than any healthy fsync takes. */
    static final long MAX_QUEUED_BYTES = 4L * 1024 * 1024;

    private static final AtomicLong LOST_IN_CLOSED = new AtomicLong();
    private static final Object END = new Object();
    /** Media time over which the session's wall-clock anchor is estimated before recording starts. */
    static final long ANCHOR_WINDOW_MICROS = 1_000_000;

    /** Arrived is a frame with the wall-clock moment ingest handed it over. */
    private record Arrived(MediaFrame frame, long arrivalMicros) {}

    private final Spool spool;
    private final RecorderConfig config;
    private final RecordingTarget target;
    private final Consumer<SessionRecorder> onClosed;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean skipUntilKeyframe;
    private volatile boolean ended;

    SessionRecorder(
            Spool spool,
            RecorderConfig config,
            RecordingTarget target,
            RecordingMetrics metrics,
            Consumer<SessionRecorder> onClosed) {
        this.spool = spool;
        this.config = config;
        this.target = target;
        this.onClosed = onClosed;
        Thread.ofVirtual().name("zonecam-record-" + target.cameraId()).start(this::run);
    }

    @Override
    public void tracks(List<TrackInfo> tracks) {
        queue.add(List.copyOf(tracks));
    }

    @Override
    public void frame(MediaFrame frame) {
        if (ended) {
            return;
        }
        if (skipUntilKeyframe) {
            if (!frame.keyframe() || queuedBytes.get() > MAX_QUEUED_BYTES / 2) {
                lost.incrementAndGet();
                return;
            }
            skipUntilKeyframe = false;
        }
        if (queuedBytes.addAndGet(frame.data().length) > MAX_QUEUED_BYTES) {
            queuedBytes.addAndGet(-frame.data().length);
            lost.incrementAndGet();
            if (!skipUntilKeyframe) {
                skipUntilKeyframe = true;
                LOG.warnf(
                        "camera %s: recording cannot keep up (disk stalled?); dropping until the next keyframe",
                        target.cameraId());
            }
            return;
        }
        queue.add(new Arrived(frame, System.currentTimeMillis() * 1000));
    }

    @Override
    public void ended() {
        if (!ended) {
            ended = true;
            queue.add(END);
        }
    }

    long framesLost() {
        return lost.get();
    }

    static long lostInClosedSessions() {
        return LOST_IN_CLOSED.get();
    }

    boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        Recorder recorder = null;
        List<TrackInfo> tracks = List.of();
        // Frames held until the anchor is known: about one second, bounded by the same byte budget as the queue.
        List<MediaFrame> held = new ArrayList<>();
        long anchor = Long.MAX_VALUE;
        long heldFirstMicros = Long.MIN_VALUE;
        try {
            while (true) {
                Object item = queue.take();
                if (item == END) {
                    break;
                }
                if (item instanceof List<?> list) {
                    @SuppressWarnings("unchecked")
                    List<TrackInfo> next = (List<TrackInfo>) list;
                    if (recorder != null && !sameTracks(tracks, next)) {
                        // A track appeared or changed codec: one object holds one set of tracks.
                        recorder.close();
                        recorder = null;
                        anchor = Long.MAX_VALUE;
                    }
                    tracks = next;
                    continue;
                }
                Arrived arrived = (Arrived) item;
                MediaFrame frame = arrived.frame();
                queuedBytes.addAndGet(-frame.data().length);
                if (recorder != null) {
                    recorder.push(frame);
                    continue;
                }
                TrackInfo track = track(tracks, frame.trackId());
                if (track == null) {
                    continue;
                }
                long dtsMicros = frame.dts() * 1_000_000L / track.timescale();
                // Media time 0 is the capture moment the least-delayed frame implies: a minimum over arrival minus
                // media time filters out queuing and pacing jitter, so two nodes recording the same camera during
                // a move stamp the same frame alike (like NTP's minimum-delay filter).
                anchor = Math.min(anchor, arrived.arrivalMicros() - dtsMicros);
                if (heldFirstMicros == Long.MIN_VALUE) {
                    heldFirstMicros = dtsMicros;
                }
                held.add(frame);
                if (dtsMicros - heldFirstMicros >= ANCHOR_WINDOW_MICROS) {
                    recorder = startRecording(tracks, anchor, held);
                    heldFirstMicros = Long.MIN_VALUE;
                }
            }
            if (recorder == null && !held.isEmpty() && !tracks.isEmpty()) {
                // A session shorter than the anchor window: record what came.
                recorder = startRecording(tracks, anchor, held);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "camera %s: recorder failed", target.cameraId());
        } finally {
            if (recorder != null) {
                recorder.close();
            }
            LOST_IN_CLOSED.addAndGet(lost.get());
            lost.set(0);
            closed.countDown();
            onClosed.accept(this);
        }
    }

    /** A recorder anchored at {@code anchor}, given the frames held while the anchor was estimated. */
    private Recorder startRecording(List<TrackInfo> tracks, long anchor, List<MediaFrame> held) {
        Recorder recorder = new Recorder(spool, config, target, tracks, anchor);
        for (MediaFrame f : held) {
            recorder.push(f);
        }
        held.clear();
        return recorder;
    }

    private static boolean sameTracks(List<TrackInfo> a, List<TrackInfo> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).trackId() != b.get(i).trackId()
                    || a.get(i).codec() != b.get(i).codec()) {
                return false;
            }
        }
        return true;
    }

    private static TrackInfo track(List<TrackInfo> tracks, int id) {
        for (TrackInfo t : tracks) {
            if (t.trackId() == id) {
                return t;
            }
        }
        return null;
    }
}
