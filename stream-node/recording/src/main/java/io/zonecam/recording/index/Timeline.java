package io.zonecam.recording.index;

import io.zonecam.recording.RecordingKey;
import io.zonecam.recording.format.ObjectIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Timeline is a camera's recordings over {@code [from, to)} as playback sees them: an ordered, non-overlapping
 * list of fragment {@link Segment}s and explicit {@link Gap}s, plus every object found, overlaps included.
 *
 * <p>All times are capture wall-clock microseconds since the epoch. See {@link CameraIndex} for how overlapping
 * objects are resolved and when a segment is a discontinuity.
 *
 * @param cameraId   the camera
 * @param fromMicros requested start
 * @param toMicros   requested end
 * @param entries    segments and gaps in time order, covering {@code [from, to)} without overlap
 * @param objects    every object that intersects the range, by start time (overlaps stay visible here)
 */
public record Timeline(
        String cameraId, long fromMicros, long toMicros, List<Entry> entries, List<RecordedObject> objects) {

    public Timeline {
        entries = List.copyOf(entries);
        objects = List.copyOf(objects);
    }

    /** Entry is a segment or a gap. */
    public sealed interface Entry permits Segment, Gap {
        /** Start, wall-clock microseconds. */
        long startMicros();

        /** End (exclusive), wall-clock microseconds. */
        long endMicros();
    }

    /**
     * RecordedObject is one object with its index and wall-clock span.
     *
     * @param key         the parsed key
     * @param size        object bytes
     * @param index       init + sidx
     * @param startMicros wall-clock start (the key's start)
     * @param endMicros   wall-clock end (start + sidx duration)
     */
    public record RecordedObject(RecordingKey key, long size, ObjectIndex index, long startMicros, long endMicros) {

        /** Wall-clock start of fragment {@code i}. */
        public long fragmentStartMicros(int i) {
            return startMicros + index.micros(index.fragmentStart(i) - index.fragmentStart(0));
        }

        /** Wall-clock end of fragment {@code i}. */
        public long fragmentEndMicros(int i) {
            return startMicros
                    + index.micros(index.fragmentStart(i) + index.fragmentDuration(i) - index.fragmentStart(0));
        }
    }

    /**
     * Segment is one fragment to play: bytes {@code [offset, offset + length)} of the object.
     *
     * @param object         the object
     * @param fragment       fragment number in the object's sidx
     * @param offset         byte offset in the object
     * @param length         byte length (moof + mdat)
     * @param startMicros    wall-clock start
     * @param durationMicros duration
     * @param independent    starts with a keyframe
     * @param discontinuity  the media timeline or the init does not continue from the previous segment (a gap, a
     *                       new session, new parameter sets, a timestamp jump): EXT-X-DISCONTINUITY in HLS
     */
    public record Segment(
            RecordedObject object,
            int fragment,
            long offset,
            long length,
            long startMicros,
            long durationMicros,
            boolean independent,
            boolean discontinuity)
            implements Entry {
        @Override
        public long endMicros() {
            return startMicros + durationMicros;
        }

        /** The object key. */
        public String key() {
            return object.key().key();
        }

        /** Presentation start of this fragment on the object's media timeline, in microseconds. */
        public long mediaStartMicros() {
            ObjectIndex i = object.index();
            return i.micros(i.fragmentStart(fragment));
        }
    }

    /** GapReason says why nothing plays. */
    public enum GapReason {
        /** No object covers this time. */
        NO_RECORDING,
        /**
         * Overlapping objects whose fragment boundaries do not line up: a fragment of another object covers this
         * time but would replay time already played, so it is skipped (see {@link CameraIndex}).
         */
        OVERLAP_SWITCH
    }

    /**
     * Gap is time without playable media.
     *
     * @param startMicros start
     * @param endMicros   end
     * @param reason      why
     */
    public record Gap(long startMicros, long endMicros, GapReason reason) implements Entry {}

    /** The segments in order. */
    public List<Segment> segments() {
        return entriesOf(Segment.class);
    }

    /** The gaps in order. */
    public List<Gap> gaps() {
        return entriesOf(Gap.class);
    }

    private <T extends Entry> List<T> entriesOf(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Entry e : entries) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /** True when nothing is recorded in the range. */
    public boolean isEmpty() {
        return segments().isEmpty();
    }

    /**
     * Pairs of objects whose spans overlap by more than {@code minMicros} (e.g. the old and new node during a
     * drain; back-to-back objects of one session touch within a millisecond of key rounding).
     */
    public List<RecordedObject[]> overlaps(long minMicros) {
        List<RecordedObject[]> out = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            for (int j = i + 1; j < objects.size(); j++) {
                RecordedObject a = objects.get(i);
                RecordedObject b = objects.get(j);
                if (b.startMicros() >= a.endMicros() - minMicros) {
                    break; // later objects start later still
                }
                if (Math.min(a.endMicros(), b.endMicros()) - b.startMicros() > minMicros) {
                    out.add(new RecordedObject[] {a, b});
                }
            }
        }
        return out;
    }
}
