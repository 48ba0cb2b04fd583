package io.zonecam.pictures.thumbs;

import io.zonecam.pictures.thumbs.ThumbnailPack.Entry;
import java.io.IOException;
import java.util.Optional;

/**
 * ThumbnailPackReader reads a {@link ThumbnailPack} through ranged GETs: {@link #index} costs one GET of
 * {@link ThumbnailPack#HEAD_READ} bytes (a second one only for packs of more than 681 pictures), then
 * {@link #picture} costs exactly one GET per picture. Keep the index (cache it per pack key: packs are immutable)
 * and a scrubbing timeline costs one GET per thumbnail shown. Bad bytes raise {@link ThumbnailPackFormatException}.
 */
public final class ThumbnailPackReader {

    private ThumbnailPackReader() {}

    /** Reads and parses the head of the pack. */
    public static ThumbnailPackIndex index(RangeSource source) throws IOException {
        byte[] head = source.read(0, ThumbnailPack.HEAD_READ);
        long needed = ThumbnailPackIndex.headSize(head);
        if (needed > head.length) {
            head = source.read(0, (int) needed);
        }
        return ThumbnailPackIndex.parse(head, -1);
    }

    /** The JPEG of one entry: one ranged GET, checked to be a whole JPEG. */
    public static byte[] picture(RangeSource source, Entry entry) throws IOException {
        byte[] data = source.read(entry.offset(), entry.length());
        if (data.length != entry.length()) {
            throw new ThumbnailPackFormatException(
                    "picture at " + entry.offset() + " has " + data.length + " of " + entry.length() + " bytes");
        }
        if (!ThumbnailPack.isJpeg(data)) {
            throw new ThumbnailPackFormatException("picture at " + entry.offset() + " is not a JPEG");
        }
        return data;
    }

    /** The JPEG taken last at or before {@code micros}, with a known index: one ranged GET, none if there is none. */
    public static Optional<byte[]> atOrBefore(RangeSource source, ThumbnailPackIndex index, long micros)
            throws IOException {
        Optional<Entry> e = index.atOrBefore(micros);
        return e.isEmpty() ? Optional.empty() : Optional.of(picture(source, e.get()));
    }
}
