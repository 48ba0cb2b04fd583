package io.zonecam.node.recording;

import io.micrometer.core.instrument.Counter;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.node.hub.StreamReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * SessionRecorder hands one publish session's frames from the ingest I/O thread to its recorder on a virtual
 * thread, because recording writes and fsyncs files. The queue is bounded in bytes; if the disk stalls long enough
 * to fill it, frames are dropped (counted as lost) until the next keyframe, so what is recorded stays decodable and
 * memory stays bounded.
 *
 * <p>The recording thread is woken only when there is something to write: at a video keyframe (where the recorder
 * may cut the fragment it then writes and fsyncs, at once as before), once a second's or {@link #WAKE_BYTES} of frames
 * wait (audio-only sessions, long GOPs), at a track change and at the end. In between, frames wait in the queue,
 * as they would wait in the recorder's fragmenter anyway: handing every frame over (about 70 a second per camera
 * with audio) cost a virtual-thread wake-up, a carrier unpark and a queue lock each, a large share of the node's CPU.
 *
 * <p>A recorder that throws never ends the session's recording while ingest goes on: the failed recorder is closed
 * (keeping what it fsynced), the failure is logged and counted ({@code zonecam.recording.restarts}), and a new
 * recorder starts at the next keyframe with the same wall-clock anchor; the frames in between are lost and counted.
 */
final class SessionRecorder implements StreamReader {

    private static final Logger LOG = Logger.getLogger(SessionRecorder.class);
    /** About 16 s of a 2 Mb/s camera: far more than any healthy fsync takes. */
    static final long MAX_QUEUED_BYTES = 4L * 1024 * 1024;

    private static final AtomicLong LOST_IN_CLOSED = new AtomicLong();
    private static final Object END = new Object();
    /** Frames waiting this long (µs of arrival time) wake the recording thread even without a keyframe. */
    static final long WAKE_AFTER_MICROS = 1_000_000;
    /** Frame bytes waiting that wake the recording thread even without a keyframe. */
    static final long WAKE_BYTES = 512L * 1024;
    /** Media time over which the session's wall-clock anchor is estimated before recording starts. */
    static final long ANCHOR_WINDOW_MICROS = 1_000_000;

    /** Arrived is a frame with the wall-clock moment ingest handed it over. */
    private record Arrived(MediaFrame frame, long arrivalMicros) {}

    private final FrameRecorder.Opener opener;
    private final String cameraId;
    private final Counter restarts;
    private final Consumer<SessionRecorder> onClosed;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final Thread worker;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean skipUntilKeyframe;
    private volatile boolean ended;
    /** The video track whose keyframes wake the recording thread, or -1 (no video). */
    private volatile int wakeTrackId = -1;

    // State of the ingest thread only: what waits since the recording thread was last woken.
    private long waitingSinceMicros = Long.MIN_VALUE;
    private long waitingBytes;

    // State of the recording thread only.
    private FrameRecorder recorder;
    private List<TrackInfo> tracks = List.of();
    /** Frames held until the anchor is known: about one second, bounded by the same byte budget as the queue. */
    private final List<MediaFrame> held = new ArrayList<>();

    private long anchor = Long.MAX_VALUE;
    private long heldFirstMicros = Long.MIN_VALUE;
    private boolean restartAtKeyframe;
    private long failures;

    /**
     * @param opener   starts a recorder of the session (again after a failure)
     * @param cameraId the camera, for logs
     * @param restarts counts recorders restarted after a failure
     * @param onClosed told when the session's recording has ended
     */
    SessionRecorder(
            FrameRecorder.Opener opener, String cameraId, Counter restarts, Consumer<SessionRecorder> onClosed) {
        this.opener = opener;
        this.cameraId = cameraId;
        this.restarts = restarts;
        this.onClosed = onClosed;
        this.worker = Thread.ofVirtual().name("zonecam-record-" + cameraId).unstarted(this::run);
        worker.start();
    }

    @Override
    public void tracks(List<TrackInfo> tracks) {
        int video = -1;
        for (TrackInfo t : tracks) {
            if (t.isVideo()) {
                video = t.trackId();
                break;
            }
        }
        wakeTrackId = video;
        queue.add(List.copyOf(tracks));
        wake();
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
                        cameraId);
            }
            return;
        }
        long now = System.currentTimeMillis() * 1000;
        queue.add(new Arrived(frame, now));
        if (waitingSinceMicros == Long.MIN_VALUE) {
            waitingSinceMicros = now;
        }
        waitingBytes += frame.data().length;
        if ((frame.keyframe() && frame.trackId() == wakeTrackId)
                || now - waitingSinceMicros >= WAKE_AFTER_MICROS
                || waitingBytes >= WAKE_BYTES) {
            waitingSinceMicros = Long.MIN_VALUE;
            waitingBytes = 0;
            wake();
        }
    }

    @Override
    public void ended() {
        if (!ended) {
            ended = true;
            queue.add(END);
            wake();
        }
    }

    private void wake() {
        LockSupport.unpark(worker);
    }

    /** The next item, waiting (parked) until the ingest thread wakes this thread with something to do. */
    private Object take() throws InterruptedException {
        while (true) {
            Object item = queue.poll();
            if (item != null) {
                return item;
            }
            LockSupport.park(this);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    long framesLost() {
        return lost.get();
    }

    /**
     * Whether the recording thread is parked, waiting for the ingest thread to wake it. A wake-up makes it runnable at
     * once (unpark), so a test that sees it parked after handing over frames knows they did not wake it.
     */
    boolean parked() {
        return worker.getState() == Thread.State.WAITING;
    }

    static long lostInClosedSessions() {
        return LOST_IN_CLOSED.get();
    }

    boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            while (true) {
                Object item = take();
                if (item == END) {
                    break;
                }
                try {
                    handle(item);
                } catch (RuntimeException e) {
                    if (item instanceof Arrived) {
                        lost.incrementAndGet(); // the frame the recorder failed on
                    }
                    recorderFailed(e);
                }
            }
            if (recorder == null && !held.isEmpty() && !tracks.isEmpty()) {
                // A session shorter than the anchor window: record what came.
                startRecording();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            recorderFailed(e);
        } finally {
            closeRecorder();
            LOST_IN_CLOSED.addAndGet(lost.get());
            lost.set(0);
            closed.countDown();
            onClosed.accept(this);
        }
    }

    private void handle(Object item) {
        if (item instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<TrackInfo> next = (List<TrackInfo>) list;
            if (recorder != null && !sameTracks(tracks, next)) {
                // A track appeared or changed codec: one object holds one set of tracks.
                closeRecorder();
                anchor = Long.MAX_VALUE;
                restartAtKeyframe = false;
            }
            tracks = next;
            return;
        }
        Arrived arrived = (Arrived) item;
        MediaFrame frame = arrived.frame();
        queuedBytes.addAndGet(-frame.data().length);
        if (recorder != null) {
            recorder.push(frame);
            return;
        }
        TrackInfo track = track(tracks, frame.trackId());
        if (track == null) {
            return;
        }
        if (restartAtKeyframe) {
            if (!startsRecording(frame, track)) {
                lost.incrementAndGet();
                return;
            }
            restartAtKeyframe = false;
            recorder = opener.open(tracks, anchor);
            recorder.push(frame);
            LOG.infof("camera %s: recording restarted at a keyframe", cameraId);
            return;
        }
        long dtsMicros = frame.dts() * 1_000_000L / track.timescale();
        // Media time 0 is the capture moment the least-delayed frame implies: a minimum over arrival minus media
        // time filters out queuing and pacing jitter, so two nodes recording the same camera during a move stamp
        // the same frame alike (like NTP's minimum-delay filter).
        anchor = Math.min(anchor, arrived.arrivalMicros() - dtsMicros);
        if (heldFirstMicros == Long.MIN_VALUE) {
            heldFirstMicros = dtsMicros;
        }
        held.add(frame);
        if (dtsMicros - heldFirstMicros >= ANCHOR_WINDOW_MICROS) {
            startRecording();
        }
    }

    /** A recorder anchored at {@code anchor}, given the frames held while the anchor was estimated. */
    private void startRecording() {
        heldFirstMicros = Long.MIN_VALUE;
        List<MediaFrame> frames = List.copyOf(held);
        held.clear();
        recorder = opener.open(tracks, anchor);
        for (MediaFrame f : frames) {
            recorder.push(f);
        }
    }

    /** True for the frame a restarted recorder may begin with: a video keyframe, or any frame without video. */
    private boolean startsRecording(MediaFrame frame, TrackInfo track) {
        boolean hasVideo = tracks.stream().anyMatch(TrackInfo::isVideo);
        return hasVideo ? track.isVideo() && frame.keyframe() : true;
    }

    /** Closes the failed recorder (keeping what it fsynced) and restarts recording at the next keyframe. */
    private void recorderFailed(RuntimeException e) {
        failures++;
        restarts.increment();
        if (failures == 1) {
            LOG.errorf(e, "camera %s: recorder failed; restarting it at the next keyframe", cameraId);
        } else {
            LOG.errorf(
                    "camera %s: recorder failed again (%d times this session): %s; restarting it at the next keyframe",
                    cameraId, failures, e.toString());
        }
        lost.addAndGet(held.size());
        held.clear();
        heldFirstMicros = Long.MIN_VALUE;
        closeRecorder();
        // Without an anchor yet, the next frames estimate one as at the start; with one, the next keyframe restarts.
        restartAtKeyframe = anchor != Long.MAX_VALUE;
    }

    private void closeRecorder() {
        FrameRecorder r = recorder;
        recorder = null;
        if (r == null) {
            return;
        }
        try {
            r.close();
        } catch (RuntimeException e) {
            LOG.warnf("camera %s: closing a recorder failed: %s", cameraId, e.toString());
        }
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
