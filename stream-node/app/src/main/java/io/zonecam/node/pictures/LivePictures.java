package io.zonecam.node.pictures;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.ingest.PublishSession;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.node.hub.SessionReaders;
import io.zonecam.node.hub.StreamReader;
import io.zonecam.node.recording.CameraRetention;
import io.zonecam.pictures.thumbs.CameraThumbnails;
import io.zonecam.pictures.thumbs.ThumbnailPack;
import io.zonecam.pictures.thumbs.ThumbnailPackWriter;
import io.zonecam.pictures.thumbs.ThumbnailSchedule;
import io.zonecam.pictures.thumbs.Thumbnailer;
import io.zonecam.recording.RecordingTarget;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * LivePictures reads every publish session (one {@link SessionPictures} each, a hub reader like the recorder) and
 * answers what live pictures need: the newest group of pictures of a camera and its newest thumbnail. The newest
 * thumbnail of a camera outlives its session (an offline camera keeps its last picture on the grid), for the
 * {@value #LATEST_KEPT} cameras seen last.
 */
@ApplicationScoped
public class LivePictures implements SessionReaders, SessionPictures.Events {

    private static final Logger LOG = Logger.getLogger(LivePictures.class);
    static final int LATEST_KEPT = 10_000;

    private final Path spoolDir;
    private final Duration interval;
    private final CameraRetention retention;
    private final SessionPictures.Shared shared;
    private final Thumbnailer thumbnailer = Thumbnailer.defaults();
    private final Map<String, List<SessionPictures>> sessions = new ConcurrentHashMap<>();
    private final Map<String, CameraThumbnails.Latest> latest = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CameraThumbnails.Latest> eldest) {
            return size() > LATEST_KEPT;
        }
    };

    public LivePictures(
            NodeConfig config,
            CameraRetention retention,
            PictureWorkers workers,
            PictureMetrics metrics,
            ThumbnailStore store) {
        this.spoolDir =
                config.pictures().spoolDir().orElse(config.node().stateDir().resolve("thumbs"));
        this.interval = config.pictures().thumbnailInterval();
        this.retention = retention;
        this.shared = new SessionPictures.Shared(
                workers, metrics, store, config.pictures().gopCacheBytes());
        new ThumbnailSchedule(interval); // refuses an interval outside 1 s .. 1 h at start, not per session
        try {
            Files.createDirectories(spoolDir);
            // Packs left by a crash have no index (it lives in memory until the pack finishes): unreadable.
            try (Stream<Path> left = Files.list(spoolDir)) {
                for (Path p : left.filter(p -> p.toString().endsWith(ThumbnailPack.SUFFIX))
                        .toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the thumbnail spool " + spoolDir, e);
        }
        LOG.infof("pictures: a thumbnail every %s per camera, packs spooled in %s", interval, spoolDir);
    }

    @Override
    public StreamReader open(PublishSession session) {
        String camera = session.cameraId();
        SessionPictures s = new SessionPictures(
                camera,
                RecordingTarget.newSessionId(),
                RetentionClass.forDays(retention.days(camera)),
                onFinished -> newThumbnails(camera, onFinished),
                shared,
                this);
        sessions.computeIfAbsent(camera, c -> new CopyOnWriteArrayList<>()).add(s);
        return s;
    }

    /** The newest group of pictures of the camera, from its newest session that has one. */
    Optional<SessionPictures.LiveGop> gop(String cameraId) {
        List<SessionPictures> list = sessions.getOrDefault(cameraId, List.of());
        for (int i = list.size() - 1; i >= 0; i--) {
            Optional<SessionPictures.LiveGop> g = list.get(i).gop();
            if (g.isPresent()) {
                return g;
            }
        }
        return Optional.empty();
    }

    /**
     * The camera's thumbnail at or before {@code micros} (not before {@code notBeforeMicros}) from the packs its
     * sessions here have not stored yet, the newest of them; blocking (a file read), call it from a worker.
     */
    Optional<CameraThumbnails.Latest> unstoredThumbnail(String cameraId, long micros, long notBeforeMicros)
            throws IOException {
        Optional<CameraThumbnails.Latest> best = Optional.empty();
        for (SessionPictures s : sessions.getOrDefault(cameraId, List.of())) {
            Optional<CameraThumbnails.Latest> t = s.unstoredThumbnail(micros, notBeforeMicros);
            if (t.isPresent()
                    && (best.isEmpty() || t.get().captureMicros() > best.get().captureMicros())) {
                best = t;
            }
        }
        return best;
    }

    /** The camera's newest thumbnail taken on this node. */
    Optional<CameraThumbnails.Latest> latest(String cameraId) {
        synchronized (latest) {
            return Optional.ofNullable(latest.get(cameraId));
        }
    }

    @Override
    public void thumbnail(String cameraId, CameraThumbnails.Latest picture) {
        synchronized (latest) {
            CameraThumbnails.Latest before = latest.get(cameraId);
            if (before == null || before.captureMicros() < picture.captureMicros()) {
                latest.put(cameraId, picture);
            }
        }
    }

    @Override
    public void ended(String cameraId, SessionPictures session) {
        sessions.computeIfPresent(cameraId, (c, list) -> {
            list.remove(session);
            return list.isEmpty() ? null : list;
        });
    }

    private CameraThumbnails newThumbnails(String cameraId, Consumer<ThumbnailPackWriter.Finished> onFinished) {
        return new CameraThumbnails(cameraId, spoolDir, thumbnailer, new ThumbnailSchedule(interval), onFinished);
    }
}
