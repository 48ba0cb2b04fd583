package io.zonecam.recording.playback;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.fmp4.BoxReader;
import io.zonecam.media.fmp4.FragmentReader;
import io.zonecam.recording.format.InitInfo;
import io.zonecam.recording.index.Timeline;
import io.zonecam.recording.index.Timeline.Segment;
import io.zonecam.recording.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ClipExporter streams one MP4 file for a time range (like Kinesis Video Streams GetClip): the init segment of
 * the first object, then every fragment of the {@link Timeline} in order, with the decode times rebased so the
 * clip starts at 0.
 *
 * <p>The file is a fragmented MP4 (ftyp, moov, then moof+mdat pairs), which ffmpeg, browsers and most players
 * read as a normal file. It holds whole fragments: those overlapping the range, so it may start up to one
 * fragment before {@code from} and end up to one after {@code to}. Clip time keeps wall-clock spacing: a gap in
 * the recording stays a gap (the player holds the last picture) and clip time t is capture time
 * {@code start + t}.
 *
 * <p><b>Rebasing.</b> Within a run of continuous segments every track's tfdt moves by the same amount; at each
 * discontinuity the shift is recomputed from the wall clock, and never lets a track's decode time go backwards.
 * mfhd sequence numbers are rewritten to 1, 2, 3… (ISO/IEC 14496-12 §8.8.5 wants them increasing).
 *
 * <p><b>Limit.</b> One MP4 has one moov: the clip stops before the first segment whose object has a different
 * init segment (a parameter-set or track change); {@link ClipStream#truncated()} then says so.
 *
 * <p>Memory: one fragment at a time (read with one range GET each).
 */
public final class ClipExporter {

    private final ObjectStore store;

    public ClipExporter(ObjectStore store) {
        this.store = Objects.requireNonNull(store);
    }

    /** A lazy stream over the clip; nothing is read until the first {@code read}. Empty timelines are refused. */
    public ClipStream open(Timeline timeline) {
        if (timeline.isEmpty()) {
            throw new IllegalArgumentException("nothing recorded in the range");
        }
        return new ClipStream(store, timeline.segments());
    }

    /** Writes the clip to {@code out}; returns the bytes written. */
    public long writeTo(Timeline timeline, OutputStream out) throws IOException {
        try (ClipStream in = open(timeline)) {
            return in.transferTo(out);
        }
    }

    /** ClipStream is the clip as an InputStream that fetches one fragment at a time. */
    public static final class ClipStream extends InputStream {
        private final ObjectStore store;
        private final List<Segment> segments;
        private final byte[] init;
        private final InitInfo info;
        private final Map<Integer, Long> lastEnd = new HashMap<>();
        private final long clipStart;
        private int next;
        private byte[] buf;
        private int pos;
        private long sequence;
        private long shiftMicros;
        private long base = -1;
        private boolean truncated;
        private boolean done;
        private int fragments;

        ClipStream(ObjectStore store, List<Segment> segments) {
            this.store = store;
            this.segments = segments;
            this.init = segments.get(0).object().index().init();
            this.info = InitInfo.parse(init);
            this.clipStart = segments.get(0).startMicros();
            this.buf = init;
        }

        /** True when the clip stopped early at an init-segment change (known once the stream is exhausted). */
        public boolean truncated() {
            return truncated;
        }

        /** Fragments written so far. */
        public int fragments() {
            return fragments;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            while (pos == buf.length) {
                if (!advance()) {
                    return -1;
                }
            }
            int n = Math.min(len, buf.length - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean advance() throws IOException {
            if (done || next == segments.size()) {
                done = true;
                return false;
            }
            Segment s = segments.get(next);
            if (!s.object().index().sameInit(segments.get(0).object().index())) {
                truncated = true;
                done = true;
                return false;
            }
            byte[] data = store.read(s.key(), s.offset(), Math.toIntExact(s.length()));
            if (data.length != s.length()) {
                throw new IOException("object " + s.key() + " shorter than its index");
            }
            rebase(data, s, next == 0 || s.discontinuity());
            next++;
            fragments++;
            buf = data;
            pos = 0;
            return true;
        }

        private void rebase(byte[] data, Segment s, boolean newRun) {
            List<FragmentReader.TrackSamples> tracks = FragmentReader.read(data, 0, data.length);
            if (base < 0) {
                // Make the earliest decode time of the first fragment 0 (decode times precede presentation).
                long b = 0;
                for (FragmentReader.TrackSamples t : tracks) {
                    b = Math.max(b, s.mediaStartMicros() - toMicros(t.baseMediaDecodeTime(), timescale(t.trackId())));
                }
                base = b;
            }
            if (newRun) {
                shiftMicros = (s.startMicros() - clipStart) + base - s.mediaStartMicros();
            }
            Map<Integer, Long> newTimes = new HashMap<>();
            for (FragmentReader.TrackSamples t : tracks) {
                long ts = timescale(t.trackId());
                long shifted = t.baseMediaDecodeTime() + Math.floorDiv(shiftMicros * ts, 1_000_000L);
                long value = Math.max(shifted, lastEnd.getOrDefault(t.trackId(), 0L));
                long duration = 0;
                for (FragmentReader.SampleRef r : t.samples()) {
                    duration += r.duration();
                }
                lastEnd.put(t.trackId(), value + duration);
                newTimes.put(t.trackId(), value);
            }
            patch(data, ++sequence, newTimes);
        }

        private long timescale(int trackId) {
            InitInfo.Track t = info.track(trackId);
            if (t == null) {
                throw new MediaFormatException("fragment of track " + trackId + " not in the init segment");
            }
            return t.timescale();
        }

        private static long toMicros(long ticks, long ts) {
            return Math.floorDiv(ticks, ts) * 1_000_000L + Math.floorMod(ticks, ts) * 1_000_000L / ts;
        }

        /** Writes the mfhd sequence number and each traf's tfdt (ISO/IEC 14496-12 §8.8.5, §8.8.12). */
        private static void patch(byte[] data, long sequence, Map<Integer, Long> times) {
            BoxReader.Box moof =
                    BoxReader.find(data, "moof").orElseThrow(() -> new MediaFormatException("fragment without moof"));
            for (BoxReader.Box b : BoxReader.children(data, moof)) {
                if (b.type().equals("mfhd") && b.contentLength() >= 8) {
                    put32(data, b.contentOffset() + 4, sequence);
                } else if (b.type().equals("traf")) {
                    BoxReader.TrackFragmentHeader tfhd = null;
                    BoxReader.Box tfdt = null;
                    for (BoxReader.Box c : BoxReader.children(data, b)) {
                        if (c.type().equals("tfhd")) {
                            tfhd = BoxReader.tfhd(data, c);
                        } else if (c.type().equals("tfdt")) {
                            tfdt = c;
                        }
                    }
                    if (tfhd == null || tfdt == null || !times.containsKey(tfhd.trackId())) {
                        throw new MediaFormatException("traf without tfhd/tfdt");
                    }
                    long v = times.get(tfhd.trackId());
                    int at = tfdt.contentOffset() + 4;
                    if (data[tfdt.contentOffset()] == 1 && tfdt.contentLength() >= 12) {
                        put32(data, at, v >>> 32);
                        put32(data, at + 4, v);
                    } else if (tfdt.contentLength() >= 8 && v <= 0xFFFF_FFFFL) {
                        put32(data, at, v);
                    } else {
                        throw new MediaFormatException("tfdt cannot hold " + v);
                    }
                }
            }
        }

        private static void put32(byte[] d, int p, long v) {
            d[p] = (byte) (v >>> 24);
            d[p + 1] = (byte) (v >>> 16);
            d[p + 2] = (byte) (v >>> 8);
            d[p + 3] = (byte) v;
        }
    }
}
