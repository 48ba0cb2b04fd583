package io.zonecam.media.fmp4;

import io.zonecam.media.MediaFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * BoxReader walks ISO BMFF boxes (ISO/IEC 14496-12 §4.2) in a byte array and decodes the fragment boxes that
 * playback and clip export need: tfhd, tfdt, trun and the location of mdat.
 *
 * <p>Every size is checked against its parent; 64-bit sizes must fit the array; box counts and sample counts are
 * bounded. Bad input raises {@link MediaFormatException}.
 */
public final class BoxReader {

    /** Most boxes returned from one level. */
    public static final int MAX_BOXES = 100_000;
    /** Most samples accepted in one trun. */
    public static final int MAX_SAMPLES = 1_000_000;

    /**
     * Box is the position of one box in the array.
     *
     * @param type       the four-character type
     * @param offset     offset of the box's first byte
     * @param headerSize 8, or 16 with a 64-bit size
     * @param size       whole box size including the header
     */
    public record Box(String type, int offset, int headerSize, int size) {
        /** Offset of the box content (after the header). */
        public int contentOffset() {
            return offset + headerSize;
        }

        /** Content length. */
        public int contentLength() {
            return size - headerSize;
        }

        /** Offset just past the box. */
        public int end() {
            return offset + size;
        }
    }

    /**
     * TrackFragmentHeader is a decoded tfhd (§8.8.7).
     *
     * @param trackId               track_ID
     * @param flags                 tf_flags
     * @param baseDataOffset        base_data_offset, or -1 when absent
     * @param defaultSampleDuration default_sample_duration, or -1
     * @param defaultSampleSize     default_sample_size, or -1
     * @param defaultSampleFlags    default_sample_flags, or -1
     */
    public record TrackFragmentHeader(
            int trackId,
            int flags,
            long baseDataOffset,
            long defaultSampleDuration,
            long defaultSampleSize,
            long defaultSampleFlags) {}

    /**
     * TrunSample is one sample of a trun; absent fields are -1 (composition offset 0).
     *
     * @param duration          sample_duration
     * @param size              sample_size
     * @param flags             sample_flags
     * @param compositionOffset sample_composition_time_offset (signed in version 1)
     */
    public record TrunSample(long duration, long size, long flags, long compositionOffset) {}

    /**
     * TrackRun is a decoded trun (§8.8.8).
     *
     * @param version    box version
     * @param flags      tr_flags
     * @param dataOffset data_offset, or 0 when absent
     * @param samples    the samples
     */
    public record TrackRun(int version, int flags, int dataOffset, List<TrunSample> samples) {}

    private BoxReader() {}

    /** The boxes laid end to end in {@code [offset, offset + length)}. */
    public static List<Box> boxes(byte[] data, int offset, int length) {
        MediaFormatException.checkRange(data.length, offset, length, "boxes");
        List<Box> out = new ArrayList<>();
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            if (out.size() == MAX_BOXES) {
                throw new MediaFormatException("more than " + MAX_BOXES + " boxes");
            }
            Box b = box(data, pos, end);
            out.add(b);
            pos = b.end();
        }
        return out;
    }

    /** The top-level boxes of a whole array. */
    public static List<Box> boxes(byte[] data) {
        return boxes(data, 0, data.length);
    }

    /** The child boxes of a container box. */
    public static List<Box> children(byte[] data, Box parent) {
        return boxes(data, parent.contentOffset(), parent.contentLength());
    }

    /** The first box along a path of types such as {@code "moov/trak/mdia/mdhd"}, starting at top level. */
    public static Optional<Box> find(byte[] data, String path) {
        return find(data, 0, data.length, path);
    }

    /** The first box along a path of types inside {@code [offset, offset + length)}. */
    public static Optional<Box> find(byte[] data, int offset, int length, String path) {
        String[] parts = path.split("/");
        List<Box> level = boxes(data, offset, length);
        Box found = null;
        for (int i = 0; i < parts.length; i++) {
            found = null;
            for (Box b : level) {
                if (b.type().equals(parts[i])) {
                    found = b;
                    break;
                }
            }
            if (found == null) {
                return Optional.empty();
            }
            if (i < parts.length - 1) {
                level = children(data, found);
            }
        }
        return Optional.ofNullable(found);
    }

    /** Decodes a tfhd box. */
    public static TrackFragmentHeader tfhd(byte[] data, Box box) {
        Cursor c = new Cursor(data, box, "tfhd");
        int flags = c.fullBoxFlags();
        int trackId = (int) c.u32();
        long base = (flags & 0x01) != 0 ? c.u64() : -1;
        if ((flags & 0x02) != 0) {
            c.u32(); // sample_description_index
        }
        long duration = (flags & 0x08) != 0 ? c.u32() : -1;
        long size = (flags & 0x10) != 0 ? c.u32() : -1;
        long sampleFlags = (flags & 0x20) != 0 ? c.u32() : -1;
        return new TrackFragmentHeader(trackId, flags, base, duration, size, sampleFlags);
    }

    /** Decodes a tfdt box: the baseMediaDecodeTime. */
    public static long tfdt(byte[] data, Box box) {
        Cursor c = new Cursor(data, box, "tfdt");
        c.fullBoxFlags();
        return c.version == 1 ? c.u64() : c.u32();
    }

    /** Decodes a trun box. */
    public static TrackRun trun(byte[] data, Box box) {
        Cursor c = new Cursor(data, box, "trun");
        int flags = c.fullBoxFlags();
        long count = c.u32();
        int dataOffset = (flags & 0x01) != 0 ? (int) c.u32() : 0;
        long firstFlags = (flags & 0x04) != 0 ? c.u32() : -1;
        int perSample = Integer.bitCount(flags & 0xf00) * 4;
        if (count > MAX_SAMPLES || (perSample > 0 && count * perSample > c.left())) {
            throw new MediaFormatException("trun sample_count " + count + " does not fit");
        }
        List<TrunSample> samples = new ArrayList<>((int) Math.min(count, 4096));
        for (long i = 0; i < count; i++) {
            long duration = (flags & 0x100) != 0 ? c.u32() : -1;
            long size = (flags & 0x200) != 0 ? c.u32() : -1;
            long sampleFlags = (flags & 0x400) != 0 ? c.u32() : (i == 0 ? firstFlags : -1);
            long cto = 0;
            if ((flags & 0x800) != 0) {
                long raw = c.u32();
                cto = c.version == 0 ? raw : (int) raw;
            }
            samples.add(new TrunSample(duration, size, sampleFlags, cto));
        }
        return new TrackRun(c.version, flags, dataOffset, samples);
    }

    /** The four-character type at {@code pos} (for reading sample entries and brands). */
    public static String fourcc(byte[] data, int pos) {
        MediaFormatException.checkRange(data.length, pos, 4, "fourcc");
        return new String(data, pos, 4, StandardCharsets.ISO_8859_1);
    }

    private static Box box(byte[] data, int pos, int end) {
        if (end - pos < 8) {
            throw new MediaFormatException("box header truncated at " + pos);
        }
        long size = u32(data, pos);
        String type = fourcc(data, pos + 4);
        int header = 8;
        if (size == 1) {
            if (end - pos < 16) {
                throw new MediaFormatException("largesize truncated at " + pos);
            }
            size = (u32(data, pos + 8) << 32) | u32(data, pos + 12);
            header = 16;
        } else if (size == 0) {
            size = end - pos; // box extends to the end of its container
        }
        if (size < header || size > end - pos) {
            throw new MediaFormatException("box '" + printable(type) + "' size " + size + " does not fit at " + pos);
        }
        return new Box(type, pos, header, (int) size);
    }

    private static String printable(String type) {
        return type.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f) ? type : "?";
    }

    static long u32(byte[] d, int p) {
        return ((d[p] & 0xffL) << 24) | ((d[p + 1] & 0xff) << 16) | ((d[p + 2] & 0xff) << 8) | (d[p + 3] & 0xff);
    }

    /** Cursor reads fields inside one box's content with bounds checks. */
    private static final class Cursor {
        final byte[] data;
        final int end;
        final String what;
        int pos;
        int version;

        Cursor(byte[] data, Box box, String what) {
            if (!box.type().equals(what)) {
                throw new IllegalArgumentException("not a " + what + " box: " + box.type());
            }
            this.data = data;
            this.pos = box.contentOffset();
            this.end = box.end();
            this.what = what;
        }

        int fullBoxFlags() {
            long v = u32();
            version = (int) (v >>> 24);
            return (int) (v & 0xffffff);
        }

        long left() {
            return end - pos;
        }

        long u32() {
            if (end - pos < 4) {
                throw new MediaFormatException(what + " truncated");
            }
            long v = BoxReader.u32(data, pos);
            pos += 4;
            return v;
        }

        long u64() {
            return (u32() << 32) | u32();
        }
    }
}
