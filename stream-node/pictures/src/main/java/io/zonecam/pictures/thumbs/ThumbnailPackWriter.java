package io.zonecam.pictures.thumbs;

import io.zonecam.pictures.thumbs.ThumbnailPack.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * ThumbnailPackWriter builds one {@link ThumbnailPack} in a local file: pictures are appended as they come behind
 * a reserved index room, and {@link #finish()} writes the header and index into the room, so the file is the
 * object to PUT and only the index (24 bytes a picture) is held in memory. Not thread-safe: one writer per camera.
 *
 * <p>A crash loses the open pack (the index lives in memory until finish); thumbnails can be made again from the
 * recordings.
 */
public final class ThumbnailPackWriter implements AutoCloseable {

    /**
     * Finished is a pack ready to upload.
     *
     * @param file       the pack file
     * @param hourMicros the hour it belongs to
     * @param entries    its pictures
     * @param bytes      its size
     */
    public record Finished(Path file, long hourMicros, List<Entry> entries, long bytes) {}

    private final Path file;
    private final FileChannel channel;
    private final int capacity;
    private final long hourMicros;
    private final List<Entry> entries = new ArrayList<>();
    private long end;

    /** Creates {@code file} (it must not exist) for a pack of the hour starting at {@code hourMicros}. */
    public ThumbnailPackWriter(Path file, long hourMicros, int capacity) throws IOException {
        if (capacity < 1 || capacity > ThumbnailPack.MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity " + capacity + " outside 1.." + ThumbnailPack.MAX_CAPACITY);
        }
        this.file = file;
        this.capacity = capacity;
        this.hourMicros = hourMicros;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.end = ThumbnailPack.headSize(capacity);
    }

    /** Start of the pack's hour, µs since the epoch. */
    public long hourMicros() {
        return hourMicros;
    }

    /** The pack file. */
    public Path file() {
        return file;
    }

    /** The index of the pictures added so far, for readers of the open pack. */
    public ThumbnailPackIndex index() {
        return new ThumbnailPackIndex(hourMicros, capacity, entries);
    }

    /** True while the index room has space. */
    public boolean hasRoom() {
        return entries.size() < capacity;
    }

    /** Pictures added. */
    public int count() {
        return entries.size();
    }

    /** Capture time of the last picture, or {@code Long.MIN_VALUE}. */
    public long lastMicros() {
        return entries.isEmpty()
                ? Long.MIN_VALUE
                : entries.get(entries.size() - 1).captureMicros();
    }

    /**
     * Appends a JPEG taken at {@code captureMicros}, which must be later than the last one. Throws
     * {@link IllegalStateException} when the room is full and {@link IllegalArgumentException} for a time not after
     * the last, a picture that is not a JPEG or is larger than {@link ThumbnailPack#MAX_PICTURE}.
     */
    public void add(long captureMicros, byte[] jpeg, int width, int height) throws IOException {
        if (!hasRoom()) {
            throw new IllegalStateException("pack full: " + capacity + " pictures");
        }
        if (captureMicros <= lastMicros()) {
            throw new IllegalArgumentException("capture time " + captureMicros + " not after " + lastMicros());
        }
        if (jpeg.length > ThumbnailPack.MAX_PICTURE || !ThumbnailPack.isJpeg(jpeg)) {
            throw new IllegalArgumentException("not a JPEG of at most " + ThumbnailPack.MAX_PICTURE + " bytes");
        }
        if (end + jpeg.length > 0xffff_ffffL) {
            throw new IllegalStateException("pack would pass 4 GiB");
        }
        writeFully(ByteBuffer.wrap(jpeg), end);
        entries.add(new Entry(captureMicros, end, jpeg.length, width, height));
        end += jpeg.length;
    }

    /** Writes header and index, syncs and closes the file: it is the object to PUT. */
    public Finished finish() throws IOException {
        writeFully(ByteBuffer.wrap(ThumbnailPack.head(capacity, hourMicros, entries)), 0);
        channel.force(true);
        channel.close();
        return new Finished(file, hourMicros, List.copyOf(entries), end);
    }

    /** Closes the file without finishing it (the caller deletes or keeps it). */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Closes and deletes an unfinished pack. */
    public void abort() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    private void writeFully(ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
    }
}
