package io.zonecam.recording.index;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.media.MediaFormatException;
import io.zonecam.recording.RecordingKey;
import io.zonecam.recording.format.ObjectIndex;
import io.zonecam.recording.index.Timeline.Entry;
import io.zonecam.recording.index.Timeline.Gap;
import io.zonecam.recording.index.Timeline.GapReason;
import io.zonecam.recording.index.Timeline.RecordedObject;
import io.zonecam.recording.index.Timeline.Segment;
import io.zonecam.recording.store.ObjectInfo;
import io.zonecam.recording.store.ObjectPage;
import io.zonecam.recording.store.ObjectStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * CameraIndex is the per-camera time index that playback reads: it lists a camera's objects for a time range
 * and turns their self-describing heads (init + sidx, one small range GET each, cached) into a {@link Timeline}.
 *
 * <p><b>Finding objects.</b> For each retention class, one ListObjectsV2 walk under
 * {@code <prefix><class>/<camera>/} starting after the hour partition of {@code from - lookback} (keys sort by
 * start time there), stopping at the first key that starts at or after {@code to}. Objects whose key span
 * intersects the range are kept. Cost: one LIST per class per 1,000 objects, plus one GET per object not yet in
 * the LRU cache.
 *
 * <p><b>Overlaps</b> (two sessions of one camera, e.g. the old and new node during a drain, or an object
 * re-uploaded by a second node) are resolved per fragment by a sweep: with {@code t} the end of what is already
 * chosen, the next segment is the fragment, among those not starting before {@code t - tolerance}, that starts
 * first; among fragments starting within the tolerance of that one, the one continuing the current object wins
 * unless another reaches further (by more than the tolerance), which then wins: the cut-short last fragment of a
 * session that handed over to another is not played when the other session covers the same time and more.
 * The same holds when the nodes' wall-clock stamps differ by more than the tolerance (each node anchors its session
 * on its own frame arrivals, which lag under load): a fragment of another object that starts inside the chosen one
 * and reaches past it is played instead when skipping the chosen one leaves clearly less time unplayed than
 * keeping it would (see {@code handover}); the skipped stretch then is the stamps' difference, not lost frames.
 * So no time is played twice (at most the tolerance, meant for clock differences between nodes), the player
 * switches objects only on fragment boundaries, and a fragment that starts inside already-played time is skipped
 * whole. When boundaries of overlapping objects do not line up, the skipped part shows as a
 * {@link GapReason#OVERLAP_SWITCH} gap shorter than one fragment; the overlap itself stays visible in
 * {@link Timeline#objects()} / {@link Timeline#overlaps(long)}.
 *
 * <p><b>Gaps and discontinuities.</b> Any hole longer than the tolerance becomes a {@link Gap} entry (also before
 * the first and after the last segment). A segment is a discontinuity when a gap precedes it, or it comes from
 * another object of a different session or init segment, or its media time does not continue the previous
 * segment's (a timestamp jump). Objects of one session continue each other without a discontinuity.
 *
 * <p>Thread-safe. The cache holds parsed heads by key: objects are immutable once stored (a re-upload writes the
 * same bytes).
 */
public final class CameraIndex {

    /**
     * Config tunes the index.
     *
     * @param classes       retention classes to search
     * @param lookback      longest object span: how far before {@code from} an intersecting object may start
     * @param headBytes     bytes read first from each object (init + sidx are usually about 1–2 KiB)
     * @param cacheEntries  parsed heads kept (LRU)
     * @param tolerance     hole or overlap ignored between segments (clock skew between nodes, key rounding)
     * @param maxObjects    objects in one timeline at most; larger ranges are refused
     */
    public record Config(
            Set<RetentionClass> classes,
            Duration lookback,
            int headBytes,
            int cacheEntries,
            Duration tolerance,
            int maxObjects) {
        public Config {
            classes = Set.copyOf(classes);
            if (classes.isEmpty()
                    || headBytes < 64
                    || cacheEntries < 1
                    || maxObjects < 1
                    || lookback.isNegative()
                    || tolerance.isNegative()) {
                throw new IllegalArgumentException("bad index config");
            }
        }

        /** All classes, 15 min lookback, 16 KiB heads, 10,000 cached heads, 100 ms tolerance, 2,000 objects. */
        public static Config defaults() {
            return new Config(
                    EnumSet.allOf(RetentionClass.class),
                    Duration.ofMinutes(15),
                    16 << 10,
                    10_000,
                    Duration.ofMillis(100),
                    2_000);
        }
    }

    private static final Logger LOG = Logger.getLogger(CameraIndex.class);

    private final ObjectStore store;
    private final String keyPrefix;
    private final Config config;
    private final Map<String, ObjectIndex> cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder unreadable = new LongAdder();

    /** An index over the objects under {@code keyPrefix} (the zone prefix, e.g. {@code zones/eu-1/}). */
    public CameraIndex(ObjectStore store, String keyPrefix, Config config) {
        this.store = Objects.requireNonNull(store);
        this.keyPrefix = Objects.requireNonNull(keyPrefix);
        this.config = Objects.requireNonNull(config);
        int max = config.cacheEntries();
        this.cache = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ObjectIndex> eldest) {
                return size() > max;
            }
        };
    }

    /** Cache hits. */
    public long cacheHits() {
        return hits.sum();
    }

    /** Cache misses (one or two range GETs each). */
    public long cacheMisses() {
        return misses.sum();
    }

    /** Objects skipped because their head could not be parsed (counted and logged, never fatal). */
    public long unreadableObjects() {
        return unreadable.sum();
    }

    /** The camera's objects whose key span intersects {@code [from, to)}, by start time then key. */
    public List<ObjectInfo> objects(String cameraId, Instant from, Instant to) throws IOException {
        long fromMillis = from.toEpochMilli();
        long toMillis = to.toEpochMilli();
        if (toMillis <= fromMillis) {
            return List.of();
        }
        List<ObjectInfo> out = new ArrayList<>();
        for (RetentionClass c : config.classes()) {
            String prefix = RecordingKey.cameraPrefix(keyPrefix, c, cameraId);
            String after = prefix
                    + RecordingKey.hourPath(
                            Math.max(0, fromMillis - config.lookback().toMillis()));
            boolean more = true;
            while (more) {
                ObjectPage page = store.list(prefix, after, ObjectStore.MAX_PAGE);
                for (ObjectInfo o : page.objects()) {
                    RecordingKey k = RecordingKey.tryParse(o.key());
                    if (k == null || !k.cameraId().equals(cameraId)) {
                        continue;
                    }
                    if (k.startMillis() >= toMillis) {
                        more = false;
                        break;
                    }
                    if (k.overlaps(fromMillis, toMillis)) {
                        if (out.size() == config.maxObjects()) {
                            throw new IllegalArgumentException("more than " + config.maxObjects()
                                    + " objects in the range; ask for a shorter one");
                        }
                        out.add(o);
                    }
                }
                more &= page.truncated() && page.lastKey() != null;
                after = page.lastKey();
            }
        }
        out.sort(Comparator.comparingLong(
                        (ObjectInfo o) -> RecordingKey.parse(o.key()).startMillis())
                .thenComparing(ObjectInfo::key));
        return out;
    }

    /** The parsed head of an object (cached). */
    public ObjectIndex index(ObjectInfo object) throws IOException {
        synchronized (cache) {
            ObjectIndex cached = cache.get(object.key());
            if (cached != null) {
                hits.increment();
                return cached;
            }
        }
        misses.increment();
        byte[] head = store.read(object.key(), 0, config.headBytes());
        for (int i = 0; i < 3; i++) {
            long needed = ObjectIndex.headerEnd(head);
            if (needed <= head.length || head.length < config.headBytes() && head.length == object.size()) {
                break;
            }
            head = store.read(object.key(), 0, (int) Math.min(needed, ObjectIndex.MAX_HEADER));
        }
        ObjectIndex index = ObjectIndex.parse(head, object.size());
        synchronized (cache) {
            cache.put(object.key(), index);
        }
        return index;
    }

    /**
     * One object with its parsed head and wall-clock span (the head is cached). Throws {@link MediaFormatException}
     * when the head cannot be parsed and {@link IllegalArgumentException} when the key is not a recording key.
     */
    public RecordedObject recorded(ObjectInfo info) throws IOException {
        RecordingKey key = RecordingKey.parse(info.key());
        ObjectIndex index = index(info);
        long start = key.startMillis() * 1000;
        long end = start + index.micros(index.end() - index.fragmentStart(0));
        return new RecordedObject(key, info.size(), index, start, end);
    }

    /** The timeline of {@code cameraId} over {@code [from, to)}. */
    public Timeline timeline(String cameraId, Instant from, Instant to) throws IOException {
        long fromMicros = micros(from);
        long toMicros = micros(to);
        List<RecordedObject> objects = new ArrayList<>();
        for (ObjectInfo info : objects(cameraId, from, to)) {
            RecordedObject o;
            try {
                o = recorded(info);
            } catch (MediaFormatException e) {
                unreadable.increment();
                LOG.warnf("skipping unreadable recording %s: %s", info.key(), e.getMessage());
                continue;
            }
            if (o.endMicros() > fromMicros && o.startMicros() < toMicros) {
                objects.add(o);
            }
        }
        return build(cameraId, fromMicros, toMicros, objects, config.tolerance().toNanos() / 1000);
    }

    /** The sweep described in the class comment; package-private for tests. */
    static Timeline build(String cameraId, long from, long to, List<RecordedObject> objects, long tol) {
        List<Candidate> candidates = new ArrayList<>();
        for (RecordedObject o : objects) {
            for (int i = 0; i < o.index().fragmentCount(); i++) {
                long s = o.fragmentStartMicros(i);
                long e = o.fragmentEndMicros(i);
                if (e > from && s < to && e > s) {
                    candidates.add(new Candidate(o, i, s, e));
                }
            }
        }
        candidates.sort(Comparator.comparingLong(Candidate::start)
                .thenComparingLong(c -> c.object.startMicros())
                .thenComparing(c -> c.object.key().key())
                .thenComparingInt(Candidate::fragment));
        List<Candidate> chosen = new ArrayList<>();
        List<Candidate> skipped = new ArrayList<>();
        long t = Long.MIN_VALUE;
        Candidate last = null;
        int next = 0;
        while (next < candidates.size()) {
            Candidate c = candidates.get(next);
            if (last != null && c.start < t - tol) {
                skipped.add(c); // would replay time already played
                next++;
                continue;
            }
            // Among candidates starting within the tolerance of c, keep playing the current object if it covers
            // about as far as the others; otherwise take the one reaching furthest. At the end of a drain the old
            // session's last fragment is cut short while the new session's first one runs on: switching there
            // leaves neither a gap nor a repeated frame.
            Candidate pick = c;
            int pickAt = next;
            Candidate continuing = null;
            int continuingAt = -1;
            for (int j = next; j < candidates.size() && candidates.get(j).start <= c.start + tol; j++) {
                Candidate d = candidates.get(j);
                if (d.end > pick.end) {
                    pick = d;
                    pickAt = j;
                }
                if (last != null && d.object == last.object && d.fragment == last.fragment + 1) {
                    continuing = d;
                    continuingAt = j;
                }
            }
            if (continuing != null && continuing.end >= pick.end - tol) {
                pick = continuing;
                pickAt = continuingAt;
            }
            int handoverAt = handover(candidates, next, pick, from, to, tol);
            if (handoverAt >= 0) {
                pick = candidates.get(handoverAt);
                pickAt = handoverAt;
            }
            candidates.remove(pickAt);
            chosen.add(pick);
            last = pick;
            t = pick.end;
        }

        List<Entry> entries = new ArrayList<>();
        long cursor = from;
        Candidate prev = null;
        for (Candidate c : chosen) {
            boolean gap = false;
            long gapStart = prev == null ? from : prev.end;
            if (c.start - gapStart > tol) {
                entries.add(new Gap(gapStart, c.start, reason(gapStart, c.start, skipped)));
                gap = prev != null;
            }
            boolean discontinuity = prev != null && (gap || !continues(prev, c, tol));
            RecordedObject o = c.object;
            entries.add(new Segment(
                    o,
                    c.fragment,
                    o.index().fragmentOffset(c.fragment),
                    o.index().fragmentSize(c.fragment),
                    c.start,
                    c.end - c.start,
                    o.index().independent(c.fragment),
                    discontinuity));
            cursor = c.end;
            prev = c;
        }
        if (to - cursor > tol) {
            entries.add(new Gap(cursor, to, reason(cursor, to, skipped)));
        }
        return new Timeline(cameraId, from, to, entries, objects);
    }

    /**
     * The index of a fragment of another object to play instead of {@code pick}, or -1. Two nodes anchor a moving
     * camera's session each from its own frame arrivals, so under load their wall-clock stamps of the same frame
     * can differ by more than the tolerance. Then the new session's first fragment no longer starts "with" the old
     * session's cut-short last one but inside it, and playing the old fragment would skip the new one whole, losing
     * the rest of its time (up to a fragment). The other fragment {@code d} wins when it starts inside
     * {@code pick}, reaches past it, and skipping {@code pick} leaves less unplayed (from {@code pick}'s start to
     * {@code d}'s) than keeping it (from {@code pick}'s end to the next fragment that could follow it, or to
     * {@code d}'s end), by more than the tolerance. Equal losses keep {@code pick}.
     */
    private static int handover(List<Candidate> candidates, int next, Candidate pick, long from, long to, long tol) {
        long nextStart = Long.MAX_VALUE;
        int found = -1;
        for (int j = next; j < candidates.size(); j++) {
            Candidate d = candidates.get(j);
            if (d == pick) {
                continue;
            }
            if (d.start >= pick.end - tol) {
                nextStart = d.start; // candidates are sorted by start: the first fragment that may follow pick
                break;
            }
            if (found < 0 && d.object != pick.object && d.start > pick.start + tol && d.end > pick.end + tol) {
                found = j;
            }
        }
        if (found < 0) {
            return -1;
        }
        Candidate d = candidates.get(found);
        long lossKeeping = Math.min(Math.min(nextStart, d.end), to) - pick.end;
        long lossSkipping = d.start - Math.max(pick.start, from);
        return lossSkipping < lossKeeping - tol ? found : -1;
    }

    /** True when {@code b} plays on from {@code a} without a new media timeline or init. */
    private static boolean continues(Candidate a, Candidate b, long tol) {
        if (a.object == b.object) {
            return b.fragment == a.fragment + 1;
        }
        RecordingKey ka = a.object.key();
        RecordingKey kb = b.object.key();
        if (!ka.sessionId().equals(kb.sessionId())
                || !a.object.index().sameInit(b.object.index())
                || a.object.index().sidx().timescale()
                        != b.object.index().sidx().timescale()) {
            return false;
        }
        ObjectIndex ia = a.object.index();
        ObjectIndex ib = b.object.index();
        long aEnd = ia.micros(ia.fragmentStart(a.fragment) + ia.fragmentDuration(a.fragment));
        long bStart = ib.micros(ib.fragmentStart(b.fragment));
        return Math.abs(bStart - aEnd) <= tol;
    }

    private static GapReason reason(long start, long end, List<Candidate> skipped) {
        for (Candidate s : skipped) {
            if (s.start < end && s.end > start) {
                return GapReason.OVERLAP_SWITCH;
            }
        }
        return GapReason.NO_RECORDING;
    }

    private static long micros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }

    /** Candidate is one fragment that may be played. */
    private record Candidate(RecordedObject object, int fragment, long start, long end) {}
}
