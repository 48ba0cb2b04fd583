package io.zonecam.node.pictures;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.node.hub.StreamReader;
import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.decode.AccessUnit;
import io.zonecam.pictures.decode.VideoTrack;
import io.zonecam.pictures.image.EncodedImage;
import io.zonecam.pictures.thumbs.CameraThumbnails;
import io.zonecam.pictures.thumbs.ThumbnailPackWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * SessionPictures is what pictures keep of one publish session: the newest group of pictures of its video track
 * (for live snapshots) and its thumbnails, taken from keyframes the session delivers (a keyframe is decoded alone,
 * the stream never is). The ingest I/O thread only appends to the GOP and queues keyframes; a virtual thread per
 * session hands each keyframe to the decoding threads and stores finished packs, so neither decoding nor a PUT
 * ever holds up ingest. When the decoding threads are busy, keyframes are skipped (counted), not queued without end.
 */
final class SessionPictures implements StreamReader {

    private static final Logger LOG = Logger.getLogger(SessionPictures.class);
    /** Keyframes waiting for their thumbnail decision at most; more are skipped. */
    static final int MAX_QUEUED_KEYFRAMES = 4;

    private static final Object END = new Object();

    /** A keyframe with its capture wall-clock time, µs since the epoch. */
    private record Keyframe(TrackInfo track, MediaFrame frame, long captureMicros) {}

    /** Shared is what every session uses: the decoding threads, the metrics and the pack store. */
    record Shared(PictureWorkers workers, PictureMetrics metrics, ThumbnailStore store, long maxGopBytes) {}

    /** Events is how a session tells the camera's view of pictures about a new thumbnail and its end. */
    interface Events {
        void thumbnail(String cameraId, CameraThumbnails.Latest picture);

        void ended(String cameraId, SessionPictures session);
    }

    /** LiveGop is a copy of the newest group of pictures: the keyframe first, then what followed, in decode order. */
    record LiveGop(TrackInfo track, List<MediaFrame> frames, long anchorMicros) {}

    private final String cameraId;
    private final String sessionId;
    private final RetentionClass retention;
    private final CameraThumbnails thumbnails;
    private final Shared shared;
    private final Events events;
    private final LinkedBlockingQueue<Object> jobs = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedKeyframes = new AtomicInteger();
    private final ConcurrentLinkedQueue<ThumbnailPackWriter.Finished> finished = new ConcurrentLinkedQueue<>();

    // The GOP cache, guarded by this.
    private TrackInfo video;
    private final ArrayList<MediaFrame> gop = new ArrayList<>();
    private long gopBytes;
    /** Wall clock at media time 0: the smallest arrival minus media time seen, as the recorder estimates it. */
    private long anchorMicros = Long.MAX_VALUE;

    // The session thread's own.
    private TrackInfo thumbnailTrackInfo;
    private VideoTrack thumbnailTrack;

    /**
     * @param thumbnails makes the session's thumbnails, given where their finished packs go
     */
    SessionPictures(
            String cameraId,
            String sessionId,
            RetentionClass retention,
            Function<Consumer<ThumbnailPackWriter.Finished>, CameraThumbnails> thumbnails,
            Shared shared,
            Events events) {
        this.cameraId = cameraId;
        this.sessionId = sessionId;
        this.retention = retention;
        this.shared = shared;
        this.events = events;
        this.thumbnails = thumbnails.apply(finished::add);
        Thread.ofVirtual().name("zonecam-thumbs-" + cameraId).start(this::run);
    }

    String sessionId() {
        return sessionId;
    }

    @Override
    public synchronized void tracks(List<TrackInfo> tracks) {
        TrackInfo next = tracks.stream().filter(TrackInfo::isVideo).findFirst().orElse(null);
        if (!java.util.Objects.equals(next, video)) {
            gop.clear();
            gopBytes = 0;
        }
        video = next;
    }

    @Override
    public void frame(MediaFrame frame) {
        Keyframe keyframe = null;
        synchronized (this) {
            if (video == null || frame.trackId() != video.trackId()) {
                return;
            }
            long dtsMicros = frame.dts() * 1_000_000L / video.timescale();
            anchorMicros = Math.min(anchorMicros, System.currentTimeMillis() * 1000 - dtsMicros);
            if (frame.keyframe()) {
                gop.clear();
                gopBytes = 0;
                keyframe = new Keyframe(video, frame, anchorMicros + frame.pts() * 1_000_000L / video.timescale());
            }
            if (!gop.isEmpty() || frame.keyframe()) {
                if (gopBytes + frame.data().length > shared.maxGopBytes() || gop.size() >= 1200) {
                    // Too long a GOP to decode on demand: keep nothing until the next keyframe.
                    gop.clear();
                    gopBytes = 0;
                } else {
                    gop.add(frame);
                    gopBytes += frame.data().length;
                }
            }
        }
        if (keyframe != null) {
            if (queuedKeyframes.incrementAndGet() > MAX_QUEUED_KEYFRAMES) {
                queuedKeyframes.decrementAndGet();
                shared.metrics().thumbnailSkipped();
            } else {
                jobs.add(keyframe);
            }
        }
    }

    @Override
    public void ended() {
        synchronized (this) {
            // No live picture of a session that ended, even while its last pack is still being stored.
            gop.clear();
            gopBytes = 0;
            video = null;
        }
        jobs.add(END);
    }

    /** The newest group of pictures, or empty before the first keyframe (or after one too long to keep). */
    synchronized Optional<LiveGop> gop() {
        return gop.isEmpty() ? Optional.empty() : Optional.of(new LiveGop(video, List.copyOf(gop), anchorMicros));
    }

    /** The session's thumbnail at or before an instant from its pack not stored yet; blocking (one file read). */
    Optional<CameraThumbnails.Latest> unstoredThumbnail(long micros, long notBeforeMicros) throws IOException {
        return thumbnails.openAtOrBefore(micros, notBeforeMicros);
    }

    private void run() {
        try {
            while (true) {
                Object job = jobs.take();
                if (job == END) {
                    break;
                }
                queuedKeyframes.decrementAndGet();
                try {
                    offer((Keyframe) job);
                    uploadFinished();
                } catch (IOException | RuntimeException e) {
                    // The pack file failed (disk full?): this keyframe is lost, the next ones are tried again.
                    shared.metrics().thumbnailsFailed(1);
                    LOG.warnf("camera %s: thumbnail not written: %s", cameraId, e.toString());
                }
            }
            thumbnails.close();
            shared.metrics().thumbnailsFailed(thumbnails.failures());
            uploadFinished();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("camera %s: the session's last thumbnail pack is lost: %s", cameraId, e.toString());
        } finally {
            events.ended(cameraId, this);
        }
    }

    /** Hands one keyframe to a decoding thread and waits for it (the pack is not thread-safe). */
    private void offer(Keyframe k) throws InterruptedException, IOException {
        try {
            if (thumbnailTrackInfo != k.track()) {
                thumbnailTrackInfo = k.track();
                thumbnailTrack = VideoTrack.of(k.track());
            }
        } catch (PictureException e) {
            shared.metrics().thumbnailsFailed(1);
            return;
        }
        if (!thumbnails.wants(k.captureMicros())) {
            return; // not the first keyframe of its cell: no decoding thread needs to see it
        }
        MediaFrame f = k.frame();
        AccessUnit unit = new AccessUnit(f.dts(), f.pts(), 0, true, f.data());
        VideoTrack track = thumbnailTrack;
        Optional<EncodedImage> taken;
        try {
            taken = shared.workers()
                    .submit(() -> thumbnails.offer(track, unit, k.captureMicros()))
                    .get();
        } catch (RejectedExecutionException e) {
            shared.metrics().thumbnailSkipped();
            return;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
        if (taken.isPresent()) {
            shared.metrics().thumbnailWritten();
            events.thumbnail(cameraId, new CameraThumbnails.Latest(k.captureMicros(), taken.get()));
        }
    }

    private void uploadFinished() throws InterruptedException {
        ThumbnailPackWriter.Finished pack;
        while ((pack = finished.poll()) != null) {
            shared.store().upload(pack, retention, cameraId, sessionId);
        }
    }
}
