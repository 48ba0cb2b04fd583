package io.zonecam.node.pictures;

import io.zonecam.node.config.NodeConfig;
import io.zonecam.node.http.HttpProblem;
import io.zonecam.pictures.decode.CodedVideo;
import io.zonecam.recording.index.CameraIndex;
import io.zonecam.recording.index.Timeline;
import io.zonecam.recording.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * RecordedFrames finds the coded pictures a recorded snapshot needs: the fragment whose time holds the instant
 * (through the camera's time index, heads cached) and, when it continues the same recording, the fragment before it
 * (an H.265 open GOP's leading pictures refer to the previous group), each read with one ranged GET.
 */
@ApplicationScoped
public class RecordedFrames {

    /** How far before the instant the index is asked for, so the fragment before is found too. */
    private static final long LOOKBACK_MICROS = 30_000_000;

    private final ObjectStore store;
    private final CameraIndex index;

    public RecordedFrames(ObjectStore store, NodeConfig config) {
        this.store = store;
        this.index = new CameraIndex(store, config.storage().prefix().orElse(""), CameraIndex.Config.defaults());
    }

    /**
     * Recorded is what to decode for a wall-clock instant.
     *
     * @param video           the coded pictures
     * @param mediaMicros     the instant on their media timeline
     * @param startMicros     wall-clock start of the fragment holding the instant
     * @param mediaStartMicros media time of that start
     */
    record Recorded(CodedVideo video, long mediaMicros, long startMicros, long mediaStartMicros) {

        /** The wall-clock time of a media presentation time of this recording. */
        long wallClock(long ptsMicros) {
            return startMicros + (ptsMicros - mediaStartMicros);
        }
    }

    /** The pictures around {@code micros}, or a 404 {@code no-picture} when nothing is recorded then. */
    Recorded at(String cameraId, long micros) throws IOException {
        Timeline timeline = index.timeline(cameraId, instant(micros - LOOKBACK_MICROS), instant(micros + 1));
        List<Timeline.Segment> segments = timeline.segments();
        for (int i = segments.size() - 1; i >= 0; i--) {
            Timeline.Segment s = segments.get(i);
            if (s.startMicros() > micros || s.endMicros() <= micros) {
                continue;
            }
            List<byte[]> fragments = new ArrayList<>(2);
            if (i > 0 && !s.discontinuity()) {
                Timeline.Segment before = segments.get(i - 1);
                if (before.object().index().sameInit(s.object().index())) {
                    fragments.add(read(before));
                }
            }
            fragments.add(read(s));
            CodedVideo video = CodedVideo.fromFragments(s.object().index().init(), fragments);
            long media = s.mediaStartMicros() + (micros - s.startMicros());
            return new Recorded(video, media, s.startMicros(), s.mediaStartMicros());
        }
        throw noPicture("Nothing of this camera is recorded at " + instant(micros) + ".");
    }

    private byte[] read(Timeline.Segment s) throws IOException {
        return store.read(s.key(), s.offset(), Math.toIntExact(s.length()));
    }

    static HttpProblem noPicture(String detail) {
        return new HttpProblem(404, "no-picture", "No Picture", detail);
    }

    static Instant instant(long micros) {
        return Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1000L));
    }
}
