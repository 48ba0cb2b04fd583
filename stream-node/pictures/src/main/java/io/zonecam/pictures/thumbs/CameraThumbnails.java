package io.zonecam.pictures.thumbs;

import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.decode.AccessUnit;
import io.zonecam.pictures.decode.VideoTrack;
import io.zonecam.pictures.image.EncodedImage;
import io.zonecam.pictures.image.ImageFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * CameraThumbnails keeps one camera's thumbnails: it offers each keyframe to the {@link ThumbnailSchedule}, makes
 * the due ones into JPEGs ({@link Thumbnailer}), appends them to the pack of their UTC hour and hands every
 * finished pack to {@code onFinished} (the node PUTs it and deletes the file). A pack finishes when its hour
 * ends, when the camera's session ends ({@link #close()}), when its room is full or the capture clock goes back:
 * so one PUT per camera-hour, plus one for each session that starts or ends within an hour. The latest thumbnail
 * stays in memory for the camera grid.
 *
 * <p>Not thread-safe (but for {@link #latest()} and {@link #openAtOrBefore}) and blocking (decode + encode ≈ a few
 * ms per thumbnail, a file append): call it from the camera's worker, never from an event loop. Undecodable keyframes
 * are counted and skipped.
 */
public final class CameraThumbnails implements AutoCloseable {

    private static final long HOUR_MICROS = 3_600_000_000L;

    /**
     * Latest is the newest thumbnail of the camera, for the grid.
     *
     * @param captureMicros capture wall-clock time, µs since the epoch
     * @param image         the JPEG
     */
    public record Latest(long captureMicros, EncodedImage image) {}

    private record OpenPack(Path file, ThumbnailPackIndex index) {}

    private final String cameraId;
    private final Path dir;
    private final Thumbnailer thumbnailer;
    private final ThumbnailSchedule schedule;
    private final Consumer<ThumbnailPackWriter.Finished> onFinished;
    private ThumbnailPackWriter pack;
    /** The pack file last written and its index then, for readers on other threads (immutable, replaced). */
    private volatile OpenPack open;

    private volatile Latest latest;
    private long failures;

    /**
     * Thumbnails of {@code cameraId} spooled in {@code dir}, finished packs handed to {@code onFinished} (on this
     * thread).
     */
    public CameraThumbnails(
            String cameraId,
            Path dir,
            Thumbnailer thumbnailer,
            ThumbnailSchedule schedule,
            Consumer<ThumbnailPackWriter.Finished> onFinished) {
        this.cameraId = cameraId;
        this.dir = dir;
        this.thumbnailer = thumbnailer;
        this.schedule = schedule;
        this.onFinished = onFinished;
    }

    /**
     * Whether a keyframe captured at {@code captureMicros} would become a thumbnail now: lets a caller skip handing
     * the other keyframes to a decoding thread. Not thread-safe, like {@link #offer}.
     */
    public boolean wants(long captureMicros) {
        return schedule.wouldTake(captureMicros);
    }

    /**
     * Offers a keyframe captured at {@code captureMicros} (wall clock, µs since the epoch); returns the thumbnail
     * when one was taken. Non-keyframes are ignored.
     */
    public Optional<EncodedImage> offer(VideoTrack track, AccessUnit unit, long captureMicros) throws IOException {
        if (!unit.keyframe() || !schedule.due(captureMicros)) {
            return Optional.empty();
        }
        EncodedImage jpeg;
        try {
            jpeg = thumbnailer.thumbnail(track, unit);
        } catch (PictureException e) {
            failures++;
            return Optional.empty();
        }
        long hour = Math.floorDiv(captureMicros, HOUR_MICROS) * HOUR_MICROS;
        if (pack != null && (pack.hourMicros() != hour || !pack.hasRoom() || captureMicros <= pack.lastMicros())) {
            finishPack();
        }
        if (pack == null) {
            pack = new ThumbnailPackWriter(packFile(hour), hour, schedule.perHour());
        }
        pack.add(captureMicros, jpeg.data(), jpeg.width(), jpeg.height());
        // Published after the bytes are written: a reader never sees an entry whose picture is not in the file.
        open = new OpenPack(pack.file(), pack.index());
        latest = new Latest(captureMicros, jpeg);
        return Optional.of(jpeg);
    }

    /** The newest thumbnail with its capture time, for the grid; empty before the first. Thread-safe. */
    public Optional<Latest> latest() {
        return Optional.ofNullable(latest);
    }

    /**
     * The thumbnail of the pack written last (still open, or finished but not yet stored) taken last at or before
     * {@code micros} and not before {@code notBeforeMicros}: the current hour before its pack is stored. Thread-safe
     * and blocking (one file read); empty when there is none or the file is gone (stored and deleted meanwhile).
     */
    public Optional<Latest> openAtOrBefore(long micros, long notBeforeMicros) throws IOException {
        OpenPack p = open;
        Optional<ThumbnailPack.Entry> found =
                p == null ? Optional.empty() : p.index().atOrBefore(micros);
        if (found.isEmpty() || found.get().captureMicros() < notBeforeMicros) {
            return Optional.empty();
        }
        ThumbnailPack.Entry e = found.get();
        byte[] jpeg;
        try (FileChannel channel = FileChannel.open(p.file(), StandardOpenOption.READ)) {
            jpeg = ThumbnailPackReader.picture((offset, length) -> read(channel, offset, length), e);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        return Optional.of(new Latest(
                e.captureMicros(), new EncodedImage(ImageFormat.JPEG, jpeg, e.width(), e.height(), e.captureMicros())));
    }

    /** Keyframes that could not be made into thumbnails. */
    public long failures() {
        return failures;
    }

    /** Finishes the open pack, if it has pictures (an empty one is deleted). */
    @Override
    public void close() throws IOException {
        finishPack();
    }

    private void finishPack() throws IOException {
        if (pack == null) {
            return;
        }
        ThumbnailPackWriter w = pack;
        pack = null;
        if (w.count() == 0) {
            w.abort();
            return;
        }
        onFinished.accept(w.finish());
    }

    private static byte[] read(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, offset + buf.position()) < 0) {
                break;
            }
        }
        return Arrays.copyOf(buf.array(), buf.position());
    }

    private Path packFile(long hourMicros) {
        String safe = cameraId.replaceAll("[^A-Za-z0-9_-]", "_");
        String nonce = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        return dir.resolve(safe + "-" + hourMicros / 1000 + "-" + nonce + ThumbnailPack.SUFFIX);
    }
}
