package io.zonecam.sim.testing;

import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.PublishListener;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.PublishSink;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.FrameMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** CollectingSink keeps every session an ingest server started and every frame it delivered, for assertions. */
public final class CollectingSink implements PublishSink {

    /** Received is what one publish session delivered. */
    public static final class Received implements PublishListener {
        public final PublishSession session;
        private final List<MediaFrame> frames = new ArrayList<>();
        private final List<List<TrackInfo>> updates = new ArrayList<>();
        public volatile EndReason endReason;

        Received(PublishSession session) {
            this.session = session;
        }

        @Override
        public synchronized void frame(MediaFrame frame) {
            frames.add(frame);
        }

        @Override
        public synchronized void tracksUpdated(List<TrackInfo> tracks) {
            updates.add(tracks);
        }

        @Override
        public void ended(EndReason reason, String detail) {
            endReason = reason;
        }

        public synchronized List<MediaFrame> frames() {
            return List.copyOf(frames);
        }

        /** The latest track list. */
        public synchronized List<TrackInfo> tracks() {
            return updates.isEmpty() ? session.tracks() : updates.get(updates.size() - 1);
        }

        public TrackInfo video() {
            return tracks().stream().filter(TrackInfo::isVideo).findFirst().orElseThrow();
        }

        public TrackInfo audio() {
            return tracks().stream().filter(t -> !t.isVideo()).findFirst().orElseThrow();
        }

        public List<MediaFrame> videoFrames() {
            int id = video().trackId();
            return frames().stream().filter(f -> f.trackId() == id).toList();
        }

        public List<MediaFrame> audioFrames() {
            int id = audio().trackId();
            return frames().stream().filter(f -> f.trackId() == id).toList();
        }

        /** The frame marker of every video frame, in order; fails on a frame without one. */
        public List<FrameMarker> markers() {
            List<FrameMarker> out = new ArrayList<>();
            for (MediaFrame f : videoFrames()) {
                out.add(FrameMarker.find(f.data(), Codec.H264)
                        .orElseThrow(() -> new AssertionError("video frame at dts " + f.dts() + " has no marker")));
            }
            return out;
        }

        /** The marker counters of every video frame, in order. */
        public List<Long> counters() {
            return markers().stream().map(FrameMarker::frameCounter).toList();
        }
    }

    public final List<Received> sessions = new CopyOnWriteArrayList<>();

    @Override
    public PublishListener sessionStarted(PublishSession session) {
        Received r = new Received(session);
        sessions.add(r);
        return r;
    }

    /** The sessions of one camera, in start order. */
    public List<Received> of(String cameraId) {
        return sessions.stream()
                .filter(s -> s.session.cameraId().equals(cameraId))
                .toList();
    }
}
