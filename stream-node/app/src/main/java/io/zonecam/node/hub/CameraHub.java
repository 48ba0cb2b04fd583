package io.zonecam.node.hub;

import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.PublishListener;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.PublishSink;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * CameraHub fans every publish session out to its readers (one recorder per session) and keeps one continuous live
 * stream per camera for the live fan-out.
 *
 * <p>A camera may publish twice at once (it reconnects, or moves make-before-break during a drain). Each session
 * is recorded on its own — playback merges the overlap — while live viewers follow the newest session from its
 * first keyframe, so they see neither a gap nor a repeated picture.
 */
public final class CameraHub implements PublishSink {

    private static final Logger LOG = Logger.getLogger(CameraHub.class);

    private final List<Function<PublishSession, StreamReader>> readerFactories;
    private final LiveSink live;
    private final Map<String, Camera> cameras = new ConcurrentHashMap<>();

    public CameraHub(List<Function<PublishSession, StreamReader>> readerFactories, LiveSink live) {
        this.readerFactories = List.copyOf(readerFactories);
        this.live = live;
    }

    /** Cameras with at least one publishing session. */
    public int camerasConnected() {
        return cameras.size();
    }

    /** Ids of cameras publishing now. */
    public Set<String> cameraIds() {
        return Set.copyOf(cameras.keySet());
    }

    /** The sessions of a camera publishing now, oldest first. */
    public List<PublishSession> sessions(String cameraId) {
        Camera c = cameras.get(cameraId);
        if (c == null) {
            return List.of();
        }
        synchronized (c) {
            return c.sessions.stream().map(s -> s.session).toList();
        }
    }

    /** Whether a camera's session has delivered a keyframe (it is recording and watchable). */
    public boolean isFlowing(String sessionId, String cameraId) {
        Camera c = cameras.get(cameraId);
        if (c == null) {
            return false;
        }
        synchronized (c) {
            return c.sessions.stream().anyMatch(s -> s.session.sessionId().equals(sessionId) && s.sawKeyframe);
        }
    }

    @Override
    public PublishListener sessionStarted(PublishSession session) {
        List<StreamReader> readers = new ArrayList<>(readerFactories.size());
        for (Function<PublishSession, StreamReader> f : readerFactories) {
            readers.add(f.apply(session));
        }
        Session s = new Session(session, readers);
        while (true) {
            Camera camera = cameras.computeIfAbsent(session.cameraId(), Camera::new);
            synchronized (camera) {
                if (cameras.get(session.cameraId()) != camera) {
                    continue; // the camera's last session ended meanwhile and removed this entry
                }
                camera.sessions.add(s);
                if (camera.sessions.size() > 1) {
                    LOG.infof(
                            "camera %s publishes a second session %s (%s from %s): overlapping until the old ends",
                            session.cameraId(), session.sessionId(), session.protocol(), session.remote());
                }
                break;
            }
        }
        s.tracks(session.tracks());
        return s;
    }

    /** Camera is the sessions of one camera and which of them feeds live viewers. */
    private final class Camera {
        final String id;
        final List<Session> sessions = new ArrayList<>(2);
        Session liveSession;

        Camera(String id) {
            this.id = id;
        }

        /** Called under the camera's lock: may this session's frame go live, switching to it if it is newer? */
        boolean liveAccepts(Session s, MediaFrame frame, TrackInfo track) {
            if (liveSession == s) {
                return true;
            }
            boolean newest = sessions.get(sessions.size() - 1) == s;
            boolean canStart = track == null || !track.isVideo() ? !hasVideo(s) : frame.keyframe();
            if ((liveSession == null || newest) && canStart) {
                liveSession = s;
                live.tracks(id, s.tracks);
                return true;
            }
            return false;
        }

        boolean hasVideo(Session s) {
            return s.tracks.stream().anyMatch(TrackInfo::isVideo);
        }
    }

    /** Session is one publish session, its readers and its part in the camera's live stream. */
    private final class Session implements PublishListener {
        final PublishSession session;
        final List<StreamReader> readers;
        volatile List<TrackInfo> tracks = List.of();
        volatile boolean sawKeyframe;

        Session(PublishSession session, List<StreamReader> readers) {
            this.session = session;
            this.readers = readers;
        }

        void tracks(List<TrackInfo> t) {
            tracks = List.copyOf(t);
            for (StreamReader r : readers) {
                r.tracks(tracks);
            }
        }

        @Override
        public void tracksUpdated(List<TrackInfo> updated) {
            tracks(updated);
            Camera camera = cameras.get(session.cameraId());
            if (camera != null) {
                synchronized (camera) {
                    if (camera.liveSession == this) {
                        live.tracks(camera.id, tracks);
                    }
                }
            }
        }

        @Override
        public void frame(MediaFrame frame) {
            if (frame.keyframe()) {
                sawKeyframe = true;
            }
            for (StreamReader r : readers) {
                r.frame(frame);
            }
            Camera camera = cameras.get(session.cameraId());
            if (camera == null) {
                return;
            }
            TrackInfo track = track(frame.trackId());
            synchronized (camera) {
                if (camera.liveAccepts(this, frame, track)) {
                    live.frame(camera.id, frame);
                }
            }
        }

        @Override
        public void ended(EndReason reason, String detail) {
            for (StreamReader r : readers) {
                r.ended();
            }
            Camera camera = cameras.get(session.cameraId());
            if (camera == null) {
                return;
            }
            synchronized (camera) {
                camera.sessions.remove(this);
                if (camera.liveSession == this) {
                    camera.liveSession = null;
                }
                if (camera.sessions.isEmpty()) {
                    cameras.remove(camera.id, camera);
                    live.ended(camera.id);
                }
            }
            LOG.infof(
                    "camera %s session %s ended: %s%s",
                    session.cameraId(),
                    session.sessionId(),
                    reason,
                    detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
        }

        private TrackInfo track(int trackId) {
            for (TrackInfo t : tracks) {
                if (t.trackId() == trackId) {
                    return t;
                }
            }
            return null;
        }
    }

    /** All sessions of all cameras (for drain and shutdown). */
    public Collection<String> sessionIds() {
        List<String> ids = new ArrayList<>();
        for (Camera c : cameras.values()) {
            synchronized (c) {
                c.sessions.forEach(s -> ids.add(s.session.sessionId()));
            }
        }
        return ids;
    }
}
