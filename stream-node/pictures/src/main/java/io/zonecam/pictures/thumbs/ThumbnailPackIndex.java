package io.zonecam.pictures.thumbs;

import io.zonecam.pictures.thumbs.ThumbnailPack.Entry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ThumbnailPackIndex is the parsed head of a {@link ThumbnailPack}: which pictures it holds, when they were
 * taken and where their bytes are. Immutable and small (24 bytes per picture): cache it per pack. Bad bytes raise
 * only {@link ThumbnailPackFormatException}.
 *
 * @param hourMicros start of the pack's hour, µs since the epoch
 * @param capacity   entries the index room holds
 * @param entries    the pictures in capture-time order
 */
public record ThumbnailPackIndex(long hourMicros, int capacity, List<Entry> entries) {

    public ThumbnailPackIndex {
        entries = List.copyOf(entries);
    }

    /**
     * The number of head bytes needed to parse a pack whose first bytes are {@code head} (at least the 32-byte
     * header): the header and the whole index room.
     */
    public static long headSize(byte[] head) {
        if (head.length < ThumbnailPack.HEADER_SIZE) {
            throw new ThumbnailPackFormatException(
                    "pack shorter than its " + ThumbnailPack.HEADER_SIZE + "-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(head);
        int magic = b.getInt(0);
        if (magic != ThumbnailPack.MAGIC) {
            throw new ThumbnailPackFormatException(
                    "not a thumbnail pack (magic '" + ThumbnailPack.describe(magic) + "')");
        }
        int version = b.getShort(4) & 0xffff;
        int entrySize = b.getShort(6) & 0xffff;
        if (version != ThumbnailPack.VERSION || entrySize != ThumbnailPack.ENTRY_SIZE) {
            throw new ThumbnailPackFormatException(
                    "pack version " + version + " / entry size " + entrySize + " unknown");
        }
        long capacity = b.getInt(8) & 0xffffffffL;
        if (capacity == 0 || capacity > ThumbnailPack.MAX_CAPACITY) {
            throw new ThumbnailPackFormatException(
                    "capacity " + capacity + " outside 1.." + ThumbnailPack.MAX_CAPACITY);
        }
        return ThumbnailPack.headSize((int) capacity);
    }

    /**
     * Parses the head of a pack. {@code packSize} is the object's size when known (then every picture must lie
     * inside it), or -1.
     */
    public static ThumbnailPackIndex parse(byte[] head, long packSize) {
        long needed = headSize(head);
        if (head.length < needed) {
            throw new ThumbnailPackFormatException("head of " + head.length + " bytes, the index needs " + needed);
        }
        ByteBuffer b = ByteBuffer.wrap(head);
        int capacity = b.getInt(8);
        long count = b.getInt(12) & 0xffffffffL;
        if (count > capacity) {
            throw new ThumbnailPackFormatException(count + " entries in a room of " + capacity);
        }
        if (b.getInt(24) != ThumbnailPack.checksum(head, (int) count)) {
            throw new ThumbnailPackFormatException("pack header checksum mismatch");
        }
        long hour = b.getLong(16);
        List<Entry> entries = new ArrayList<>((int) count);
        long end = needed;
        for (int i = 0; i < count; i++) {
            b.position(ThumbnailPack.HEADER_SIZE + i * ThumbnailPack.ENTRY_SIZE);
            Entry e = new Entry(
                    b.getLong(), b.getInt() & 0xffffffffL, b.getInt(), b.getShort() & 0xffff, b.getShort() & 0xffff);
            if (!entries.isEmpty()
                    && e.captureMicros() <= entries.get(entries.size() - 1).captureMicros()) {
                throw new ThumbnailPackFormatException("entry " + i + " is not after the one before");
            }
            if (e.offset() < end || e.length() < 4 || e.length() > ThumbnailPack.MAX_PICTURE) {
                throw new ThumbnailPackFormatException("entry " + i + " has a bad byte range");
            }
            end = e.offset() + e.length();
            if (packSize >= 0 && end > packSize) {
                throw new ThumbnailPackFormatException("entry " + i + " ends past the pack's " + packSize + " bytes");
            }
            entries.add(e);
        }
        return new ThumbnailPackIndex(hour, capacity, entries);
    }

    /** The picture taken last at or before {@code micros}; empty when the first one is later. */
    public Optional<Entry> atOrBefore(long micros) {
        int lo = 0;
        int hi = entries.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).captureMicros() <= micros) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? Optional.empty() : Optional.of(entries.get(found));
    }
}
