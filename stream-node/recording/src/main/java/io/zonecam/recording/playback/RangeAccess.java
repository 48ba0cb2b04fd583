package io.zonecam.recording.playback;

import io.zonecam.recording.index.Timeline.RecordedObject;
import java.util.ArrayList;
import java.util.List;

/**
 * RangeAccess says which bytes of one recorded object a wall-clock range opens: the init segment (ftyp + moov, the
 * {@code EXT-X-MAP} every player needs) and each fragment that overlaps the range, never the rest of the object.
 *
 * <p>Fragments are the smallest playable unit (each starts at a keyframe), so a range opens whole fragments: at most
 * one fragment beyond each end of the range, never a whole object around it. These are exactly the fragments a
 * playlist or a clip of the range is made of ({@code CameraIndex} keeps those that overlap the range).
 *
 * <p>Spans are half-open byte ranges {@code [start, end)}, sorted, with touching spans merged, so a player may ask
 * for adjacent fragments in one request. A range that holds the whole object opens all of it (a download of the
 * object as one file).
 */
public final class RangeAccess {

    private final long[] starts;
    private final long[] ends;
    private final boolean anyFragment;

    private RangeAccess(List<long[]> spans, boolean anyFragment) {
        this.starts = new long[spans.size()];
        this.ends = new long[spans.size()];
        for (int i = 0; i < spans.size(); i++) {
            starts[i] = spans.get(i)[0];
            ends[i] = spans.get(i)[1];
        }
        this.anyFragment = anyFragment;
    }

    /** What {@code [fromMicros, toMicros)} (capture wall clock, µs since the epoch) opens of {@code object}. */
    public static RangeAccess of(RecordedObject object, long fromMicros, long toMicros) {
        int fragments = object.index().fragmentCount();
        if (fragments > 0
                && object.fragmentStartMicros(0) >= fromMicros
                && object.fragmentEndMicros(fragments - 1) <= toMicros) {
            // The range holds the whole object: all of it is open, its sidx and padding too.
            return new RangeAccess(List.<long[]>of(new long[] {0, object.size()}), true);
        }
        List<long[]> spans = new ArrayList<>();
        spans.add(new long[] {0, object.index().initLength()});
        boolean any = false;
        for (int i = 0; i < fragments; i++) {
            if (object.fragmentEndMicros(i) > fromMicros && object.fragmentStartMicros(i) < toMicros) {
                long start = object.index().fragmentOffset(i);
                long end = start + object.index().fragmentSize(i);
                long[] last = spans.get(spans.size() - 1);
                if (start == last[1]) {
                    last[1] = end;
                } else {
                    spans.add(new long[] {start, end});
                }
                any = true;
            }
        }
        return new RangeAccess(spans, any);
    }

    /** True when the range opens at least one fragment of the object (the init alone plays nothing). */
    public boolean opensAnyFragment() {
        return anyFragment;
    }

    /** True when every byte of {@code [start, end)} is open. */
    public boolean allows(long start, long end) {
        long spanEnd = spanEnd(start);
        return start < end && end <= spanEnd;
    }

    /** The end (exclusive) of the open span holding byte {@code offset}, or -1 when that byte is not open. */
    public long spanEnd(long offset) {
        for (int i = 0; i < starts.length; i++) {
            if (offset >= starts[i] && offset < ends[i]) {
                return ends[i];
            }
        }
        return -1;
    }
}
