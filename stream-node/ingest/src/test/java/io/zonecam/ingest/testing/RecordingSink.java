package io.zonecam.ingest.testing;

import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.PublishListener;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.PublishSink;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** RecordingSink keeps every session, track update and frame it receives, and checks the listener contract. */
public final class RecordingSink implements PublishSink {

    /** Recorded is everything one session delivered. */
    public static final class Recorded implements PublishListener {
        public final PublishSession session;
        public final List<MediaFrame> frames = new CopyOnWriteArrayList<>();
        public final List<List<TrackInfo>> trackUpdates = new CopyOnWriteArrayList<>();
        public volatile EndReason endReason;
        public volatile String endDetail;
        public final List<String> violations = new CopyOnWriteArrayList<>();

        Recorded(PublishSession session) {
            this.session = session;
        }

        @Override
        public void frame(MediaFrame frame) {
            if (endReason != null) {
                violations.add("frame after end");
            }
            frames.add(frame);
            changed();
        }

        @Override
        public void tracksUpdated(List<TrackInfo> tracks) {
            trackUpdates.add(tracks);
            changed();
        }

        @Override
        public void ended(EndReason reason, String detail) {
            if (endReason != null) {
                violations.add("ended twice");
            }
            endDetail = detail;
            endReason = reason;
            changed();
        }

        /** The latest track list (the start list updated by tracksUpdated). */
        public List<TrackInfo> tracks() {
            return trackUpdates.isEmpty() ? session.tracks() : trackUpdates.get(trackUpdates.size() - 1);
        }

        public TrackInfo track(int id) {
            return tracks().stream().filter(t -> t.trackId() == id).findFirst().orElseThrow();
        }

        public TrackInfo videoTrack() {
            return tracks().stream().filter(TrackInfo::isVideo).findFirst().orElseThrow();
        }

        public List<MediaFrame> framesOf(int trackId) {
            List<MediaFrame> out = new ArrayList<>();
            for (MediaFrame f : frames) {
                if (f.trackId() == trackId) {
                    out.add(f);
                }
            }
            return out;
        }
    }

    public final List<Recorded> sessions = new CopyOnWriteArrayList<>();

    @Override
    public PublishListener sessionStarted(PublishSession session) {
        Recorded r = new Recorded(session);
        sessions.add(r);
        changed();
        return r;
    }

    /** The only session; fails when there is not exactly one. */
    public Recorded only() {
        if (sessions.size() != 1) {
            throw new AssertionError("expected exactly one session, got " + sessions.size());
        }
        return sessions.get(0);
    }

    /** Waits up to 5 s for a session to start and end, and returns it; fails when there is not exactly one. */
    public Recorded awaitOnlyEnded() {
        await("session end", Duration.ofSeconds(5), () -> !sessions.isEmpty() && only().endReason != null);
        return only();
    }

    private static final Object CHANGES = new Object();

    /** Wakes waiters: something a condition may look at has changed. */
    private static void changed() {
        synchronized (CHANGES) {
            CHANGES.notifyAll();
        }
    }

    /**
     * Waits for a condition with a deadline. It is checked again whenever a session, frame, track update or end
     * arrives, and at least every 10 ms for conditions on other state (server counters, sockets).
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (CHANGES) {
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
                }
                try {
                    CHANGES.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what);
                }
            }
        }
    }
}
