package io.zonecam.recording;

import io.zonecam.media.MediaFormatException;
import io.zonecam.recording.format.FragmentSummary;
import io.zonecam.recording.format.SegmentIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * SpoolObject is one recording object being written in the spool's {@code open/} directory: the init segment,
 * a reserved area for the sidx, then fragments appended and fsynced one by one.
 *
 * <p>Because the space for the sidx is reserved up front, the spool file becomes the final object in place:
 * finalizing writes the sidx (and a {@code free} box over the unused rest of the reservation) into that area,
 * fsyncs and renames; no fragment byte is copied. Not thread-safe: owned by one {@link Recorder}.
 */
final class SpoolObject {

    private final Spool spool;
    private final RecordingKey startKey;
    private final Path file;
    private final FileChannel channel;
    private final int primaryTrackId;
    private final long timescale;
    private final long reservedAt;
    private final int capacity;
    private final List<FragmentSummary> fragments = new ArrayList<>();
    private long size;
    private long durationTicks;
    private boolean closed;

    private SpoolObject(
            Spool spool,
            RecordingKey startKey,
            Path file,
            FileChannel channel,
            int primaryTrackId,
            long timescale,
            long reservedAt,
            int capacity,
            long size) {
        this.spool = spool;
        this.startKey = startKey;
        this.file = file;
        this.channel = channel;
        this.primaryTrackId = primaryTrackId;
        this.timescale = timescale;
        this.reservedAt = reservedAt;
        this.capacity = capacity;
        this.size = size;
    }

    /** Creates the spool file: init, then a free box reserving room for a sidx of {@code capacity} fragments. */
    static SpoolObject create(
            Spool spool, RecordingKey startKey, byte[] init, int primaryTrackId, long timescale, int capacity)
            throws IOException {
        Path file = spool.openDir().resolve(startKey.fileName() + Spool.PART);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            int reserved = reservedSize(capacity);
            ByteBuffer head = ByteBuffer.allocate(init.length + reserved);
            head.put(init);
            free(head, reserved);
            head.flip();
            writeFully(ch, head, 0);
            ch.force(true);
            spool.fsyncOpenDir();
            spool.addBytes(init.length + reserved);
            return new SpoolObject(
                    spool,
                    startKey,
                    file,
                    ch,
                    primaryTrackId,
                    timescale,
                    init.length,
                    capacity,
                    init.length + reserved);
        } catch (IOException | RuntimeException e) {
            ch.close();
            java.nio.file.Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Bytes reserved after the init for a sidx of {@code capacity} references and a free box of at least 8. */
    static int reservedSize(int capacity) {
        return SegmentIndex.boxSize(capacity) + 8;
    }

    /**
     * Appends one fragment and fsyncs it; only when this returns is the fragment recorded. On failure the file is
     * cut back to the last fsynced fragment (best effort) and the exception propagates.
     */
    void append(byte[] fragment, FragmentSummary summary) throws IOException {
        if (closed || fragments.size() >= capacity) {
            throw new IllegalStateException("object closed or full");
        }
        try {
            writeFully(channel, ByteBuffer.wrap(fragment), size);
            channel.force(false); // fdatasync: data and the file size, which is all a reader needs
        } catch (IOException e) {
            try {
                channel.truncate(size);
            } catch (IOException ignored) {
                // recovery cuts torn bytes anyway
            }
            throw e;
        }
        size += fragment.length;
        spool.addBytes(fragment.length);
        fragments.add(summary);
        durationTicks += summary.duration();
    }

    /** Fragments appended. */
    int fragmentCount() {
        return fragments.size();
    }

    /** True when no more fragments fit in the reserved sidx. */
    boolean full() {
        return fragments.size() >= capacity;
    }

    /** Duration of the appended fragments in microseconds. */
    long durationMicros() {
        return durationTicks * 1_000_000L / timescale;
    }

    /** Finalizes into {@code ready/}; an object without fragments is deleted and null returned. */
    ReadyObject finish() throws IOException {
        closed = true;
        spool.closed(this);
        if (fragments.isEmpty()) {
            channel.close();
            spool.discard(file, size);
            return null;
        }
        try {
            writeIndex(channel, reservedAt, reservedSize(capacity), primaryTrackId, timescale, fragments);
        } finally {
            channel.close();
        }
        RecordingKey key = finalKey(startKey, fragments, timescale);
        return spool.publish(file, key, size);
    }

    /** Closes the file without finalizing it, as a crash would; recovery finalizes it on the next start. */
    void abandon() {
        closed = true;
        spool.closed(this);
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to lose: the fsynced fragments are on disk
        }
    }

    /** The key once the duration is known: end = start + the sidx duration, rounded up to a millisecond. */
    static RecordingKey finalKey(RecordingKey startKey, List<FragmentSummary> fragments, long timescale) {
        SegmentIndex idx = index(1, timescale, fragments, 0);
        long micros = Math.ceilDiv(idx.totalDuration() * 1_000_000L, timescale);
        return new RecordingKey(
                startKey.prefix(),
                startKey.retentionClass(),
                startKey.cameraId(),
                startKey.startMillis(),
                startKey.startMillis() + Math.ceilDiv(micros, 1000),
                startKey.sessionId());
    }

    /**
     * The sidx of the fragments: subsegment i lasts until the earliest presentation time of i + 1 (§8.16.3), the
     * last one for its samples' total duration.
     */
    static SegmentIndex index(int trackId, long timescale, List<FragmentSummary> fragments, long firstOffset) {
        List<SegmentIndex.Reference> refs = new ArrayList<>(fragments.size());
        for (int i = 0; i < fragments.size(); i++) {
            FragmentSummary f = fragments.get(i);
            long duration = f.duration();
            if (i + 1 < fragments.size()) {
                long next = fragments.get(i + 1).earliestPresentationTime() - f.earliestPresentationTime();
                duration = next >= 0 ? next : duration;
            }
            refs.add(new SegmentIndex.Reference(
                    f.size(), Math.min(duration, 0xFFFF_FFFFL), f.startsWithSap(), f.startsWithSap() ? 1 : 0, 0));
        }
        return new SegmentIndex(trackId, timescale, fragments.get(0).earliestPresentationTime(), firstOffset, refs);
    }

    /** Writes sidx + free into the reserved area at {@code at} and fsyncs the file. */
    static void writeIndex(
            FileChannel ch, long at, int reserved, int trackId, long timescale, List<FragmentSummary> fragments)
            throws IOException {
        int sidxSize = SegmentIndex.boxSize(fragments.size());
        int freeSize = reserved - sidxSize;
        if (freeSize < 8) {
            throw new MediaFormatException(fragments.size() + " fragments do not fit the reserved sidx");
        }
        SegmentIndex sidx = index(trackId, timescale, fragments, freeSize);
        ByteBuffer b = ByteBuffer.allocate(reserved);
        sidx.writeTo(b);
        free(b, freeSize);
        b.flip();
        writeFully(ch, b, at);
        ch.force(true);
    }

    private static void free(ByteBuffer b, int size) {
        b.putInt(size);
        b.put((byte) 'f').put((byte) 'r').put((byte) 'e').put((byte) 'e');
        b.position(b.position() + size - 8);
    }

    static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long pos = position;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }
}
