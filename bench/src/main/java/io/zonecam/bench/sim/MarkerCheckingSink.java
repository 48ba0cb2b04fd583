package io.zonecam.bench.sim;

import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.PublishListener;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.PublishSink;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.FrameMarker;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * MarkerCheckingSink discards what an ingest server receives after checking each video frame's marker counter
 * against the previous one of its session: a jump forward is a gap (lost frames), a repeat or step back a duplicate.
 */
public final class MarkerCheckingSink implements PublishSink {

    final LongAdder sessions = new LongAdder();
    final LongAdder active = new LongAdder();
    final LongAdder videoFrames = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder gaps = new LongAdder();
    final LongAdder lostFrames = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder unmarked = new LongAdder();

    @Override
    public PublishListener sessionStarted(PublishSession session) {
        sessions.increment();
        active.increment();
        return new PublishListener() {
            int videoTrack = -1;
            long last = -1;

            @Override
            public void frame(MediaFrame f) {
                bytes.add(f.data().length);
                if (videoTrack < 0) {
                    for (TrackInfo t : session.tracks()) {
                        if (t.isVideo()) {
                            videoTrack = t.trackId();
                        }
                    }
                }
                if (f.trackId() != videoTrack) {
                    return;
                }
                videoFrames.increment();
                long c = FrameMarker.find(f.data(), Codec.H264)
                        .map(FrameMarker::frameCounter)
                        .orElse(-1L);
                if (c < 0) {
                    unmarked.increment();
                    return;
                }
                if (last >= 0 && c > last + 1) {
                    gaps.increment();
                    lostFrames.add(c - last - 1);
                } else if (last >= 0 && c <= last) {
                    duplicates.increment();
                }
                last = c;
            }

            @Override
            public void tracksUpdated(List<TrackInfo> tracks) {}

            @Override
            public void ended(EndReason reason, String detail) {
                active.decrement();
            }
        };
    }

    /** A one-line summary of the counters. */
    public String summary() {
        return String.format(
                "sessions %d (%d active) | video frames %d | bytes %d | gaps %d (%d frames) | "
                        + "duplicates %d | unmarked %d",
                sessions.sum(),
                active.sum(),
                videoFrames.sum(),
                bytes.sum(),
                gaps.sum(),
                lostFrames.sum(),
                duplicates.sum(),
                unmarked.sum());
    }
}
