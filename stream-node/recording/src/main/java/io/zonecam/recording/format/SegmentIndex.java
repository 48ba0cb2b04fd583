package io.zonecam.recording.format;

import io.zonecam.media.MediaFormatException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * SegmentIndex is a Segment Index Box ({@code sidx}, ISO/IEC 14496-12 §8.16.3) with one level of media
 * references: one reference per movie fragment, each with its byte size, duration and whether it starts with a
 * stream access point.
 *
 * <p>It is always written as version 1 (64-bit earliest_presentation_time and first_offset). The reader accepts
 * versions 0 and 1 but refuses references to other sidx boxes (reference_type 1), which recording objects never
 * contain.
 *
 * @param referenceId            track_ID of the reference (primary) track
 * @param timescale              ticks per second of the times below
 * @param earliestPresentationTime presentation time of the first sample of the first subsegment
 * @param firstOffset            bytes from the end of this box to the first fragment
 * @param references             one per fragment, in file order
 */
public record SegmentIndex(
        long referenceId, long timescale, long earliestPresentationTime, long firstOffset, List<Reference> references) {

    /** Size of a version-1 sidx box without references. */
    public static final int HEADER_SIZE = 8 + 4 + 4 + 4 + 8 + 8 + 2 + 2;
    /** Size of each reference entry. */
    public static final int REFERENCE_SIZE = 12;
    /** reference_count is 16 bits. */
    public static final int MAX_REFERENCES = 0xFFFF;

    /**
     * Reference is one subsegment (here: one movie fragment, moof + mdat).
     *
     * @param size          referenced_size in bytes (31 bits)
     * @param duration      subsegment_duration in the index timescale (32 bits)
     * @param startsWithSap starts_with_SAP
     * @param sapType       SAP_type (1 for an IDR/IRAP at the start, 0 when unknown)
     * @param sapDeltaTime  SAP_delta_time
     */
    public record Reference(long size, long duration, boolean startsWithSap, int sapType, long sapDeltaTime) {
        public Reference {
            if (size <= 0 || size > 0x7FFF_FFFFL) {
                throw new IllegalArgumentException("referenced_size out of range: " + size);
            }
            if (duration < 0 || duration > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("subsegment_duration out of range: " + duration);
            }
            if (sapType < 0 || sapType > 7 || sapDeltaTime < 0 || sapDeltaTime > 0x0FFF_FFFFL) {
                throw new IllegalArgumentException("bad SAP fields");
            }
        }
    }

    public SegmentIndex {
        references = List.copyOf(references);
        if (timescale <= 0 || timescale > 0xFFFF_FFFFL || referenceId < 0 || referenceId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("bad sidx reference_ID or timescale");
        }
        if (earliestPresentationTime < 0 || firstOffset < 0 || references.size() > MAX_REFERENCES) {
            throw new IllegalArgumentException("bad sidx fields");
        }
    }

    /** Size of a version-1 box with {@code count} references. */
    public static int boxSize(int count) {
        return HEADER_SIZE + REFERENCE_SIZE * count;
    }

    /** Size of this box when written. */
    public int boxSize() {
        return boxSize(references.size());
    }

    /** Sum of the referenced sizes. */
    public long totalSize() {
        long sum = 0;
        for (Reference r : references) {
            sum += r.size();
        }
        return sum;
    }

    /** Sum of the subsegment durations. */
    public long totalDuration() {
        long sum = 0;
        for (Reference r : references) {
            sum += r.duration();
        }
        return sum;
    }

    /** Writes the version-1 box. */
    public void writeTo(ByteBuffer out) {
        out.putInt(boxSize());
        out.put((byte) 's').put((byte) 'i').put((byte) 'd').put((byte) 'x');
        out.putInt(0x0100_0000); // version 1, flags 0
        out.putInt((int) referenceId);
        out.putInt((int) timescale);
        out.putLong(earliestPresentationTime);
        out.putLong(firstOffset);
        out.putShort((short) 0); // reserved
        out.putShort((short) references.size());
        for (Reference r : references) {
            out.putInt((int) r.size()); // reference_type 0 (media) in the top bit
            out.putInt((int) r.duration());
            out.putInt((r.startsWithSap() ? 0x8000_0000 : 0) | (r.sapType() << 28) | (int) r.sapDeltaTime());
        }
    }

    /** The version-1 box as bytes. */
    public byte[] toByteArray() {
        ByteBuffer b = ByteBuffer.allocate(boxSize());
        writeTo(b);
        return b.array();
    }

    /**
     * Parses the sidx box that starts at {@code offset} and is {@code size} bytes long (header included). Bad
     * input raises {@link MediaFormatException}.
     */
    public static SegmentIndex parse(byte[] data, int offset, int size) {
        MediaFormatException.checkRange(data.length, offset, size, "sidx");
        if (size < 8 + 4 + 8) {
            throw new MediaFormatException("sidx too short");
        }
        ByteBuffer b = ByteBuffer.wrap(data, offset, size);
        int boxSize = b.getInt();
        if (boxSize != size || b.get() != 's' || b.get() != 'i' || b.get() != 'd' || b.get() != 'x') {
            throw new MediaFormatException("not a sidx box");
        }
        int versionFlags = b.getInt();
        int version = versionFlags >>> 24;
        if (version > 1) {
            throw new MediaFormatException("sidx version " + version);
        }
        long referenceId = Integer.toUnsignedLong(b.getInt());
        long timescale = Integer.toUnsignedLong(b.getInt());
        if (b.remaining() < (version == 0 ? 8 : 16) + 4) {
            throw new MediaFormatException("sidx truncated");
        }
        long ept = version == 0 ? Integer.toUnsignedLong(b.getInt()) : b.getLong();
        long firstOffset = version == 0 ? Integer.toUnsignedLong(b.getInt()) : b.getLong();
        b.getShort();
        int count = Short.toUnsignedInt(b.getShort());
        if ((long) count * REFERENCE_SIZE != b.remaining()) {
            throw new MediaFormatException("sidx reference_count " + count + " does not match its size");
        }
        if (timescale == 0 || ept < 0 || firstOffset < 0) {
            throw new MediaFormatException("sidx timescale 0 or 64-bit field out of range");
        }
        List<Reference> refs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int sizeWord = b.getInt();
            if (sizeWord < 0) {
                throw new MediaFormatException("sidx references another sidx (hierarchical index unsupported)");
            }
            long duration = Integer.toUnsignedLong(b.getInt());
            int sap = b.getInt();
            if (sizeWord == 0) {
                throw new MediaFormatException("sidx reference of 0 bytes");
            }
            refs.add(new Reference(sizeWord, duration, sap < 0, (sap >>> 28) & 7, sap & 0x0FFF_FFFF));
        }
        return new SegmentIndex(referenceId, timescale, ept, firstOffset, refs);
    }
}
