package io.zonecam.ingest.fuzz;

import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.PublishListener;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.PublishSink;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ContractSink is the sink of the session fuzz targets. It checks the {@link PublishSink}/{@link PublishListener}
 * contract as calls arrive and throws {@link AssertionError} on the first break: at most one session per connection,
 * nothing after {@code ended}, {@code ended} once, frames only of announced tracks and never empty. The fuzzer may make
 * it refuse the session or throw from a listener call, so the sessions' failure paths are exercised too.
 */
final class ContractSink implements PublishSink {

    /** What the fuzzer asks the next listener call to do. */
    boolean refuseNextSession;

    boolean failNextCall;
    int started;
    int ended;
    long frames;
    private Set<Integer> trackIds = Set.of();
    private boolean listenerFailed;

    @Override
    public PublishListener sessionStarted(PublishSession session) {
        if (started > 0) {
            throw new AssertionError("a second session was started on one connection: " + session);
        }
        if (refuseNextSession) {
            refuseNextSession = false;
            throw new IllegalStateException("fuzz: the sink refuses the session");
        }
        started++;
        trackIds = ids(session.tracks());
        return new PublishListener() {
            @Override
            public void frame(MediaFrame frame) {
                live("frame");
                if (frame.data() == null || frame.data().length == 0) {
                    throw new AssertionError("empty frame delivered: " + frame);
                }
                if (!trackIds.contains(frame.trackId())) {
                    throw new AssertionError("frame of track " + frame.trackId() + " not in " + trackIds);
                }
                frames++;
                maybeFail();
            }

            @Override
            public void tracksUpdated(List<TrackInfo> tracks) {
                live("tracksUpdated");
                trackIds = ids(tracks);
                maybeFail();
            }

            @Override
            public void ended(EndReason reason, String detail) {
                if (ended > 0) {
                    throw new AssertionError("ended twice: " + reason + " " + detail);
                }
                if (reason == null) {
                    throw new AssertionError("ended without a reason");
                }
                ended++;
            }
        };
    }

    /** After the connection is gone: every started session has ended exactly once. */
    void checkClosed() {
        if (started != ended) {
            throw new AssertionError("sessions started " + started + " but ended " + ended);
        }
    }

    /** A listener call failed: the session must end it (checked by the caller once it is closed). */
    boolean listenerFailed() {
        return listenerFailed;
    }

    private void live(String call) {
        if (ended > 0) {
            throw new AssertionError(call + " after ended");
        }
    }

    private void maybeFail() {
        if (failNextCall) {
            failNextCall = false;
            listenerFailed = true;
            throw new IllegalStateException("fuzz: the listener fails");
        }
    }

    private static Set<Integer> ids(List<TrackInfo> tracks) {
        Set<Integer> ids = new HashSet<>();
        for (TrackInfo t : tracks) {
            ids.add(t.trackId());
        }
        return ids;
    }
}
