package io.zonecam.recording.faults;

import io.zonecam.recording.index.CameraIndex;
import io.zonecam.recording.index.Timeline;
import io.zonecam.recording.store.ObjectStore;
import io.zonecam.recording.testing.Markers;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Recordings reads a camera's recordings back the way playback does: index, timeline, fragment bytes, markers. */
final class Recordings {

    private Recordings() {}

    /** The camera's timeline over {@code [from, to)} as playback builds it. */
    static Timeline timeline(ObjectStore store, String prefix, String camera, Instant from, Instant to)
            throws IOException {
        return new CameraIndex(store, prefix, CameraIndex.Config.defaults()).timeline(camera, from, to);
    }

    /** The frame markers of every segment of the timeline, in play order (what a player would decode). */
    static List<Long> played(ObjectStore store, Timeline t) throws IOException {
        List<Long> out = new ArrayList<>();
        for (Timeline.Segment s : t.segments()) {
            out.addAll(Markers.inFragment(store.read(s.key(), s.offset(), (int) s.length())));
        }
        return out;
    }

    /** Gaps between the first and the last segment (the ones before and after the recording do not count). */
    static List<Timeline.Gap> innerGaps(Timeline t) {
        List<Timeline.Segment> segments = t.segments();
        if (segments.isEmpty()) {
            return List.of();
        }
        long first = segments.get(0).startMicros();
        long last = segments.get(segments.size() - 1).endMicros();
        return t.gaps().stream()
                .filter(g -> g.startMicros() >= first && g.endMicros() <= last)
                .toList();
    }

    /**
     * The entries of the timeline that start before the previous one ended (beyond the 1 ms rounding of keys) or are
     * empty or negative; none when the timeline is consistent.
     */
    static List<String> disorder(Timeline t) {
        List<String> out = new ArrayList<>();
        long end = Long.MIN_VALUE;
        for (Timeline.Entry e : t.entries()) {
            if (e.endMicros() <= e.startMicros() || (end != Long.MIN_VALUE && e.startMicros() < end - 1_000)) {
                out.add(e + " after an entry ending at " + end);
            }
            end = e.endMicros();
        }
        return out;
    }
}
