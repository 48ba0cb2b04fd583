package io.zonecam.ingest.session;

import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.IngestCounters;
import io.zonecam.ingest.PublishListener;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.PublishSink;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * ActivePublish wraps the {@link PublishListener} of one started session: it counts frames, shields the connection
 * from listener exceptions, and guarantees exactly one {@link PublishListener#ended} call.
 */
public final class ActivePublish {

    private static final Logger LOG = Logger.getLogger(ActivePublish.class);

    private final PublishSession session;
    private final PublishListener listener;
    private final IngestCounters counters;
    private final Runnable onEnd;
    private boolean ended;

    private ActivePublish(PublishSession session, PublishListener listener, IngestCounters counters, Runnable onEnd) {
        this.session = session;
        this.listener = listener;
        this.counters = counters;
        this.onEnd = onEnd;
    }

    /**
     * Opens the session at the sink. Returns null (and logs) when the sink refused it by throwing; {@code onEnd} runs
     * once when the session ends.
     */
    public static ActivePublish start(
            PublishSink sink, PublishSession session, IngestCounters counters, Runnable onEnd) {
        PublishListener listener;
        try {
            listener = sink.sessionStarted(session);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "%s session %s for camera %s from %s refused by the sink: %s",
                    session.protocol(), session.sessionId(), session.cameraId(), session.remote(), e.toString());
            return null;
        }
        if (listener == null) {
            LOG.warnf("%s session %s refused: the sink returned no listener", session.protocol(), session.sessionId());
            return null;
        }
        counters.sessionStarted();
        LOG.infof(
                "%s session %s started: camera %s from %s, tracks %s",
                session.protocol(),
                session.sessionId(),
                session.cameraId(),
                session.remote(),
                describe(session.tracks()));
        return new ActivePublish(session, listener, counters, onEnd);
    }

    public PublishSession session() {
        return session;
    }

    public boolean isEnded() {
        return ended;
    }

    /** Delivers a frame; returns false when the listener threw (the caller should end the session). */
    public boolean frame(MediaFrame frame) {
        if (ended) {
            return false;
        }
        try {
            listener.frame(frame);
            counters.countFrame();
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s session %s: listener failed on a frame", session.protocol(), session.sessionId());
            return false;
        }
    }

    /** Delivers a new track list; returns false when the listener threw. */
    public boolean tracksUpdated(List<TrackInfo> tracks) {
        if (ended) {
            return false;
        }
        try {
            LOG.debugf("%s session %s: tracks now %s", session.protocol(), session.sessionId(), describe(tracks));
            listener.tracksUpdated(List.copyOf(tracks));
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s session %s: listener failed on a track update", session.protocol(), session.sessionId());
            return false;
        }
    }

    /** Ends the session once; later calls do nothing. */
    public void end(EndReason reason, String detail) {
        if (ended) {
            return;
        }
        ended = true;
        counters.sessionEnded(reason);
        LOG.infof(
                "%s session %s for camera %s ended: %s%s",
                session.protocol(),
                session.sessionId(),
                session.cameraId(),
                reason,
                detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
        try {
            listener.ended(reason, detail);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s session %s: listener failed on end", session.protocol(), session.sessionId());
        }
        onEnd.run();
    }

    /** A short description of tracks for logs: "1:H264 1280x720, 2:AAC 48000Hz/2". */
    public static String describe(List<TrackInfo> tracks) {
        StringBuilder sb = new StringBuilder();
        for (TrackInfo t : tracks) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(t.trackId()).append(':').append(t.codec());
            if (t.isVideo()) {
                sb.append(' ').append(t.width()).append('x').append(t.height());
            } else {
                sb.append(' ').append(t.sampleRate()).append("Hz/").append(t.channels());
            }
        }
        return sb.isEmpty() ? "none" : sb.toString();
    }
}
