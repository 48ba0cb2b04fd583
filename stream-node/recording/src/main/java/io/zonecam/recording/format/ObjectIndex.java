package io.zonecam.recording.format;

import io.zonecam.media.MediaFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * ObjectIndex is what a reader learns from the head of a recording object: the CMAF header (ftyp + moov) and
 * the {@link SegmentIndex} that gives every fragment's byte range, start and duration, so playback needs no other
 * index object.
 *
 * <p>Layout of a recording object (see the module README):
 * <pre>
 *   [ftyp][moov]   CMAF header, the EXT-X-MAP of every fragment in the object
 *   [sidx]         ISO/IEC 14496-12 §8.16.3, one reference per fragment
 *   [free]         rest of the space reserved for the sidx while recording (first_offset skips it)
 *   [moof][mdat]…  the fragments, back to back
 * </pre>
 * {@link #headerEnd(byte[])} tells how many head bytes a reader must fetch; {@link #parse(byte[], long)} decodes
 * them. Both raise only {@link MediaFormatException} on bad input.
 * Immutable; offsets and start times are computed once.
 */
public final class ObjectIndex {

    /** Largest head (init + sidx) accepted: a bound for readers of untrusted objects. */
    public static final int MAX_HEADER = 4 << 20;
    /** Extra bytes asked for when a box header is beyond the head, so the sidx usually arrives in one more read. */
    private static final int SLACK = 8192;

    private static final Set<String> BEFORE_SIDX =
            Set.of("ftyp", "moov", "free", "skip", "styp", "prft", "emsg", "uuid");

    private final byte[] init;
    private final SegmentIndex sidx;
    private final long firstFragmentOffset;
    private final long[] offsets;
    private final long[] starts;

    /**
     * An index over {@code init} (ftyp + moov, at offset 0) and {@code sidx}, whose first fragment is at
     * {@code firstFragmentOffset}.
     */
    public ObjectIndex(byte[] init, SegmentIndex sidx, long firstFragmentOffset) {
        if (sidx.references().isEmpty()) {
            throw new MediaFormatException("object has no fragments");
        }
        this.init = init.clone();
        this.sidx = sidx;
        this.firstFragmentOffset = firstFragmentOffset;
        int n = sidx.references().size();
        offsets = new long[n + 1];
        starts = new long[n + 1];
        offsets[0] = firstFragmentOffset;
        starts[0] = sidx.earliestPresentationTime();
        for (int i = 0; i < n; i++) {
            SegmentIndex.Reference r = sidx.references().get(i);
            offsets[i + 1] = offsets[i] + r.size();
            starts[i + 1] = starts[i] + r.duration();
        }
    }

    /** The ftyp + moov bytes (a copy). */
    public byte[] init() {
        return init.clone();
    }

    /** Length of the init segment at offset 0. */
    public int initLength() {
        return init.length;
    }

    /** True when both objects have byte-identical init segments (same tracks and decoder configuration). */
    public boolean sameInit(ObjectIndex other) {
        return Arrays.equals(init, other.init);
    }

    /** The segment index. */
    public SegmentIndex sidx() {
        return sidx;
    }

    /** Byte offset of the first fragment. */
    public long firstFragmentOffset() {
        return firstFragmentOffset;
    }

    /**
     * The number of head bytes needed to parse the object: the end of the sidx when {@code head} shows it, or a
     * larger guess when the head ends before the sidx header. A value ≤ {@code head.length} means
     * {@link #parse(byte[], long)} has all it needs.
     */
    public static long headerEnd(byte[] head) {
        long pos = 0;
        while (true) {
            if (pos + 8 > head.length) {
                return check(pos + 8 + SLACK);
            }
            int p = (int) pos;
            long size = u32(head, p);
            String type = new String(head, p + 4, 4, StandardCharsets.ISO_8859_1);
            if (size == 1) {
                if (pos + 16 > head.length) {
                    return check(pos + 16 + SLACK);
                }
                size = (u32(head, p + 8) << 32) | u32(head, p + 12);
            }
            if (size < 8) {
                throw new MediaFormatException("box '" + printable(type) + "' with size " + size + " at " + pos);
            }
            if (type.equals("sidx")) {
                return check(pos + size);
            }
            if (!BEFORE_SIDX.contains(type)) {
                throw new MediaFormatException("no sidx before box '" + printable(type) + "'");
            }
            pos += size;
            check(pos);
        }
    }

    /**
     * Parses the head of an object. {@code objectSize} is the whole object's size when known (then the fragments
     * must end exactly there), or -1.
     */
    public static ObjectIndex parse(byte[] head, long objectSize) {
        long end = headerEnd(head);
        if (end > head.length) {
            throw new MediaFormatException(
                    "head of " + head.length + " bytes ends before the sidx (needs " + end + ")");
        }
        int pos = 0;
        int moovEnd = -1;
        boolean first = true;
        while (true) {
            long size = u32(head, pos);
            int header = 8;
            if (size == 1) {
                size = (u32(head, pos + 8) << 32) | u32(head, pos + 12);
                header = 16;
            }
            String type = new String(head, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (first && !type.equals("ftyp")) {
                throw new MediaFormatException("object does not start with ftyp");
            }
            first = false;
            if (type.equals("moov")) {
                moovEnd = (int) (pos + size);
            }
            if (type.equals("sidx")) {
                if (moovEnd < 0) {
                    throw new MediaFormatException("sidx before moov");
                }
                if (header != 8) {
                    throw new MediaFormatException("sidx with a 64-bit size");
                }
                SegmentIndex sidx = SegmentIndex.parse(head, pos, (int) size);
                long anchor = pos + size;
                long firstFragment = anchor + sidx.firstOffset();
                long total = sidx.totalSize();
                if (firstFragment < anchor || firstFragment > Long.MAX_VALUE / 2) {
                    throw new MediaFormatException("sidx first_offset out of range");
                }
                if (objectSize >= 0 && firstFragment + total != objectSize) {
                    throw new MediaFormatException(
                            "sidx covers " + (firstFragment + total) + " bytes of a " + objectSize + "-byte object");
                }
                return new ObjectIndex(Arrays.copyOf(head, moovEnd), sidx, firstFragment);
            }
            pos += (int) size;
        }
    }

    /** Number of fragments. */
    public int fragmentCount() {
        return sidx.references().size();
    }

    /** Byte offset of fragment {@code i} in the object. */
    public long fragmentOffset(int i) {
        return offsets[i];
    }

    /** Byte size of fragment {@code i}. */
    public long fragmentSize(int i) {
        return sidx.references().get(i).size();
    }

    /** Presentation start of fragment {@code i} in sidx ticks. */
    public long fragmentStart(int i) {
        return starts[i];
    }

    /** End of the last fragment in sidx ticks. */
    public long end() {
        return starts[starts.length - 1];
    }

    /** Duration of fragment {@code i} in sidx ticks. */
    public long fragmentDuration(int i) {
        return sidx.references().get(i).duration();
    }

    /** True when fragment {@code i} starts with a stream access point (decodable on its own). */
    public boolean independent(int i) {
        return sidx.references().get(i).startsWithSap();
    }

    /** Object size implied by the index. */
    public long objectSize() {
        return offsets[offsets.length - 1];
    }

    /** Ticks converted to microseconds (sidx timescale). */
    public long micros(long ticks) {
        long ts = sidx.timescale();
        return Math.floorDiv(ticks, ts) * 1_000_000L + Math.floorMod(ticks, ts) * 1_000_000L / ts;
    }

    private static long check(long needed) {
        if (needed > MAX_HEADER) {
            throw new MediaFormatException("object header larger than " + MAX_HEADER + " bytes");
        }
        return needed;
    }

    private static long u32(byte[] d, int p) {
        return ((d[p] & 0xffL) << 24) | ((d[p + 1] & 0xff) << 16) | ((d[p + 2] & 0xff) << 8) | (d[p + 3] & 0xff);
    }

    private static String printable(String type) {
        return type.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f) ? type : "?";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectIndex other
                && Arrays.equals(init, other.init)
                && sidx.equals(other.sidx)
                && firstFragmentOffset == other.firstFragmentOffset;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(init) * 31 + sidx.hashCode();
    }

    @Override
    public String toString() {
        return "ObjectIndex[init=" + init.length + " bytes, fragments=" + fragmentCount() + ", firstFragmentOffset="
                + firstFragmentOffset + "]";
    }
}
