package io.zonecam.pictures.thumbs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * ThumbnailPack is the layout of a thumbnail pack: one object per camera-hour holding its small JPEGs and an
 * index, so that a node writes one PUT per camera-hour instead of one per picture, and a reader that knows the
 * index fetches any picture with one ranged GET.
 *
 * <pre>
 * offset  size  field (big-endian)
 *   0      4    magic "ZCTP"
 *   4      2    version = 1
 *   6      2    entry size = 24
 *   8      4    capacity: entries the index room holds (fixed when the pack opens)
 *  12      4    count: entries used, ≤ capacity
 *  16      8    hour: start of the UTC hour the pack belongs to, µs since the epoch
 *  24      4    CRC-32C of bytes [0, 24) and of the count used entries
 *  28      4    reserved, 0
 *  32      capacity × 24   index, in capture-time order (unused entries are zero):
 *                 0  8  capture time, µs since the epoch (strictly increasing)
 *                 8  4  offset of the JPEG in the pack
 *                12  4  length of the JPEG
 *                16  2  width    18  2  height    20  4  reserved, 0
 *  32 + capacity × 24   the JPEGs, back to back in index order
 * </pre>
 *
 * The index room is reserved when the pack opens and written last, like a recording's sidx: pictures are appended
 * to the local file as they come (nothing held in memory but the index) and the finished file is the object. The
 * head (header + index, 8.7 KB at the default one picture per 10 s) is read with one ranged GET of
 * {@link #HEAD_READ} bytes and can be cached; each picture is then one ranged GET.
 */
public final class ThumbnailPack {

    /** "ZCTP". */
    public static final int MAGIC = 0x5a435450;
    /** Format version. */
    public static final int VERSION = 1;
    /** Header bytes before the index. */
    public static final int HEADER_SIZE = 32;
    /** Bytes per index entry. */
    public static final int ENTRY_SIZE = 24;
    /** Most entries a pack may hold: one picture per second for an hour. */
    public static final int MAX_CAPACITY = 3600;
    /** Largest picture accepted in a pack. */
    public static final int MAX_PICTURE = 1 << 20;
    /** Bytes a reader asks for first: the whole head of any pack of up to 681 entries. */
    public static final int HEAD_READ = 16 << 10;
    /** File name suffix and content type of packs. */
    public static final String SUFFIX = ".zctp";

    public static final String CONTENT_TYPE = "application/vnd.zonecam.thumbnail-pack";

    private ThumbnailPack() {}

    /**
     * Entry is one picture of a pack.
     *
     * @param captureMicros capture wall-clock time, µs since the epoch
     * @param offset        byte offset of the JPEG in the pack
     * @param length        JPEG bytes
     * @param width         width in pixels
     * @param height        height in pixels
     */
    public record Entry(long captureMicros, long offset, int length, int width, int height) {}

    /** Bytes of the header plus an index room of {@code capacity} entries: where the first picture starts. */
    public static long headSize(int capacity) {
        return HEADER_SIZE + (long) capacity * ENTRY_SIZE;
    }

    /** The header and the whole index room for {@code entries} (the writer's last step). */
    static byte[] head(int capacity, long hourMicros, List<Entry> entries) {
        ByteBuffer b = ByteBuffer.allocate((int) headSize(capacity));
        b.putInt(MAGIC).putShort((short) VERSION).putShort((short) ENTRY_SIZE);
        b.putInt(capacity).putInt(entries.size()).putLong(hourMicros);
        b.position(HEADER_SIZE);
        for (Entry e : entries) {
            b.putLong(e.captureMicros()).putInt((int) e.offset()).putInt(e.length());
            b.putShort((short) e.width()).putShort((short) e.height()).putInt(0);
        }
        b.putInt(24, checksum(b.array(), entries.size()));
        return b.array();
    }

    /** CRC-32C over the header's first 24 bytes and {@code count} entries. */
    static int checksum(byte[] head, int count) {
        CRC32C crc = new CRC32C();
        crc.update(head, 0, 24);
        crc.update(head, HEADER_SIZE, count * ENTRY_SIZE);
        return (int) crc.getValue();
    }

    /** True when the bytes look like one JPEG file: SOI at the start, EOI at the end. */
    static boolean isJpeg(byte[] data) {
        int n = data.length;
        return n >= 4
                && (data[0] & 0xff) == 0xff
                && (data[1] & 0xff) == 0xd8
                && (data[n - 2] & 0xff) == 0xff
                && (data[n - 1] & 0xff) == 0xd9;
    }

    static String describe(int magic) {
        byte[] b = ByteBuffer.allocate(4).putInt(magic).array();
        return new String(b, StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", "?");
    }
}
