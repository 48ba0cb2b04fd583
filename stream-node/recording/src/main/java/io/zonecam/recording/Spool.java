package io.zonecam.recording;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.fmp4.FragmentReader;
import io.zonecam.media.h264.LengthPrefixed;
import io.zonecam.recording.format.FragmentSummary;
import io.zonecam.recording.format.InitInfo;
import io.zonecam.recording.store.FileSystemObjectStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Spool is the node's local, crash-safe buffer of recordings between the recorders and the object store.
 *
 * <p>Directory layout:
 * <pre>
 *   &lt;dir&gt;/lock                    held (FileLock) while a Spool is open: one process per spool
 *   &lt;dir&gt;/open/&lt;name&gt;.mp4.part   objects being recorded; every appended fragment is fsynced
 *   &lt;dir&gt;/ready/&lt;name&gt;.mp4        finalized objects waiting for upload, named after their key
 * </pre>
 * A name is the object key with {@code /} replaced by {@code +} (see {@link RecordingKey#fileName()}); an open
 * object's key has its end equal to its start until it is finalized.
 *
 * <p><b>Recovery.</b> {@link #open} finalizes every {@code open/} file left by a crash: it keeps the fragments
 * that are whole and well formed (box sizes fit, the trun samples lie inside the mdat, video samples are
 * well-formed length-prefixed NAL units — a zero-filled or cut tail fails these checks), truncates the file after
 * the last good one, writes the sidx and moves it to {@code ready/}. Finalized objects already in {@code ready/}
 * are simply uploaded again: their keys come from their names, so a re-upload overwrites the same key.
 */
public final class Spool implements AutoCloseable {

    static final String PART = ".part";
    private static final Logger LOG = Logger.getLogger(Spool.class);
    /** Largest fragment recovery reads (the media Fragmenter cuts at 32 MiB by default). */
    private static final int MAX_FRAGMENT = 256 << 20;

    private final Path dir;
    private final Path open;
    private final Path ready;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final RecordingMetrics metrics;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger readyCount = new AtomicInteger();
    private final List<Consumer<ReadyObject>> listeners = new CopyOnWriteArrayList<>();
    private final List<SpoolObject> active = new CopyOnWriteArrayList<>();

    private Spool(Path dir, FileChannel lockChannel, FileLock lock, RecordingMetrics metrics) {
        this.dir = dir;
        this.open = dir.resolve("open");
        this.ready = dir.resolve("ready");
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.metrics = metrics;
    }

    /**
     * Opens (creating) the spool in {@code dir}, takes its lock and recovers what a previous process left:
     * unfinished objects are finalized into {@code ready/}. Throws when another Spool holds the directory.
     */
    public static Spool open(Path dir, RecordingMetrics metrics) throws IOException {
        Objects.requireNonNull(metrics);
        Files.createDirectories(dir.resolve("open"));
        Files.createDirectories(dir.resolve("ready"));
        FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("spool " + dir + " is in use by another process or Spool");
        }
        Spool spool = new Spool(dir, ch, lock, metrics);
        try {
            spool.recover();
            for (ReadyObject r : spool.scanReady()) {
                spool.bytes.addAndGet(r.size());
                spool.readyCount.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
        return spool;
    }

    /** The spool directory. */
    public Path directory() {
        return dir;
    }

    /** The metrics this spool and its recorders count into. */
    /** Whether the spool's disk has room for {@code bytes} more; true when it cannot tell. */
    public boolean hasRoomFor(long bytes) {
        try {
            return Files.getFileStore(dir).getUsableSpace() >= bytes;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    public RecordingMetrics metrics() {
        return metrics;
    }

    /** Bytes in the spool (open and ready objects): a gauge. */
    public long bytes() {
        return bytes.get();
    }

    /** Finalized objects not yet uploaded: a gauge. */
    public int readyCount() {
        return readyCount.get();
    }

    /** Registers a listener called (on the recorder's thread) for every newly finalized object. */
    public void onReady(Consumer<ReadyObject> listener) {
        listeners.add(listener);
    }

    /** The finalized objects in {@code ready/}, oldest first. */
    public List<ReadyObject> scanReady() throws IOException {
        List<ReadyObject> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(ready, "*.mp4")) {
            for (Path f : files) {
                RecordingKey key =
                        RecordingKey.tryParse(f.getFileName().toString().replace('+', '/'));
                if (key == null) {
                    LOG.warnf("ignoring foreign file in spool: %s", f);
                    continue;
                }
                try {
                    out.add(new ReadyObject(
                            key, f, Files.size(f), Files.getLastModifiedTime(f).toInstant()));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // uploaded and deleted meanwhile
                }
            }
        }
        out.sort(Comparator.comparing(ReadyObject::readyAt)
                .thenComparing(r -> r.key().key()));
        return out;
    }

    /** Deletes an uploaded object's local file. */
    public void remove(ReadyObject object) throws IOException {
        if (Files.deleteIfExists(object.file())) {
            bytes.addAndGet(-object.size());
            readyCount.decrementAndGet();
        }
    }

    /**
     * Closes the spool: open objects are closed without finalizing (the next {@link #open} recovers them) and
     * the lock is released. Close recorders first for a clean shutdown.
     */
    @Override
    public void close() throws IOException {
        for (SpoolObject o : active) {
            o.abandon();
        }
        active.clear();
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

    // --- used by SpoolObject and Recorder ---

    Path openDir() {
        return open;
    }

    SpoolObject create(RecordingKey startKey, byte[] init, int primaryTrackId, long timescale, int capacity)
            throws IOException {
        SpoolObject o = SpoolObject.create(this, startKey, init, primaryTrackId, timescale, capacity);
        active.add(o);
        return o;
    }

    void closed(SpoolObject o) {
        active.remove(o);
    }

    void addBytes(long n) {
        bytes.addAndGet(n);
    }

    void fsyncOpenDir() throws IOException {
        FileSystemObjectStore.fsyncDirectory(open);
    }

    void discard(Path file, long size) throws IOException {
        Files.deleteIfExists(file);
        bytes.addAndGet(-size);
    }

    /** Renames a finalized open file into ready/ (atomic, directory fsynced) and tells the listeners. */
    ReadyObject publish(Path file, RecordingKey key, long size) throws IOException {
        Path target = ready.resolve(key.fileName());
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FileSystemObjectStore.fsyncDirectory(ready);
        FileSystemObjectStore.fsyncDirectory(open);
        readyCount.incrementAndGet();
        ReadyObject r = new ReadyObject(key, target, size, Instant.now());
        for (Consumer<ReadyObject> l : listeners) {
            try {
                l.accept(r);
            } catch (RuntimeException e) {
                LOG.errorf(e, "spool listener failed for %s", key.key());
            }
        }
        return r;
    }

    // --- recovery ---

    private void recover() throws IOException {
        List<Path> parts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(open, "*" + PART)) {
            files.forEach(parts::add);
        }
        parts.sort(null);
        for (Path p : parts) {
            String name = p.getFileName().toString();
            RecordingKey key = RecordingKey.tryParse(
                    name.substring(0, name.length() - PART.length()).replace('+', '/'));
            if (key == null) {
                LOG.warnf("ignoring foreign file in spool: %s", p);
                continue;
            }
            try {
                recoverOne(p, key);
            } catch (IOException | RuntimeException e) {
                // Keep the file for a human; one bad file must not stop the node from recording.
                LOG.errorf(e, "cannot recover spool file %s; left in place", p);
            }
        }
    }

    private void recoverOne(Path file, RecordingKey startKey) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long fileSize = ch.size();
            Header h = readHeader(ch, fileSize);
            if (h == null) {
                LOG.warnf("spool file %s has no complete header; deleting it", file);
                ch.close();
                Files.delete(file);
                metrics.tornBytesDiscarded.add(fileSize);
                return;
            }
            InitInfo.Track primary = h.info.primary();
            List<FragmentSummary> kept = new ArrayList<>();
            long pos = h.fragmentsAt;
            int capacity = (h.reserved - 8 - io.zonecam.recording.format.SegmentIndex.HEADER_SIZE)
                    / io.zonecam.recording.format.SegmentIndex.REFERENCE_SIZE;
            while (pos < fileSize && kept.size() < capacity) {
                byte[] fragment = readFragment(ch, pos, fileSize);
                if (fragment == null) {
                    break;
                }
                FragmentSummary s;
                try {
                    s = FragmentSummary.of(fragment, 0, fragment.length, primary.trackId());
                    checkVideoSamples(fragment, h.info);
                } catch (MediaFormatException e) {
                    LOG.debugf("torn fragment at %d in %s: %s", pos, file, e.getMessage());
                    break;
                }
                kept.add(s);
                pos += fragment.length;
            }
            if (pos < fileSize) {
                metrics.tornBytesDiscarded.add(fileSize - pos);
                ch.truncate(pos);
            }
            if (kept.isEmpty()) {
                ch.close();
                Files.delete(file);
                return;
            }
            SpoolObject.writeIndex(ch, h.initLength, h.reserved, primary.trackId(), primary.timescale(), kept);
            ch.close();
            RecordingKey key = SpoolObject.finalKey(startKey, kept, primary.timescale());
            Path target = ready.resolve(key.fileName());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FileSystemObjectStore.fsyncDirectory(ready);
            metrics.objectsRecovered.increment();
            metrics.fragmentsRecovered.add(kept.size());
            LOG.infof("recovered %d fragments of %s after a restart", kept.size(), key.key());
        }
    }

    /** Where the init ends, how much was reserved for the sidx, where fragments start, and the tracks. */
    private record Header(InitInfo info, int initLength, int reserved, long fragmentsAt) {}

    private static Header readHeader(FileChannel ch, long fileSize) throws IOException {
        long pos = 0;
        long moovEnd = -1;
        while (pos + 8 <= fileSize) {
            ByteBuffer hdr = read(ch, pos, 8);
            long size = Integer.toUnsignedLong(hdr.getInt(0));
            String type = new String(hdr.array(), 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (type.equals("moof")) {
                break;
            }
            if (size < 8 || pos + size > fileSize || pos + size > io.zonecam.recording.format.ObjectIndex.MAX_HEADER) {
                return null;
            }
            if (type.equals("moov")) {
                moovEnd = pos + size;
            }
            pos += size;
        }
        if (moovEnd < 0 || pos == moovEnd) {
            return null;
        }
        byte[] init = read(ch, 0, (int) moovEnd).array();
        InitInfo info;
        try {
            info = InitInfo.parse(init);
        } catch (MediaFormatException e) {
            return null;
        }
        return new Header(info, (int) moovEnd, (int) (pos - moovEnd), pos);
    }

    /** Reads moof + mdat at {@code pos}, or null when they are not both complete in the file. */
    private static byte[] readFragment(FileChannel ch, long pos, long fileSize) throws IOException {
        if (pos + 8 > fileSize) {
            return null;
        }
        ByteBuffer moofHdr = read(ch, pos, 8);
        long moofSize = Integer.toUnsignedLong(moofHdr.getInt(0));
        if (moofHdr.getInt(4) != 0x6d6f6f66 || moofSize < 16 || pos + moofSize + 8 > fileSize) { // 'moof'
            return null;
        }
        ByteBuffer mdatHdr = read(ch, pos + moofSize, 8);
        long mdatSize = Integer.toUnsignedLong(mdatHdr.getInt(0));
        if (mdatHdr.getInt(4) != 0x6d646174 || mdatSize < 8) { // 'mdat'
            return null;
        }
        long total = moofSize + mdatSize;
        if (total > MAX_FRAGMENT || pos + total > fileSize) {
            return null;
        }
        return read(ch, pos, (int) total).array();
    }

    private static void checkVideoSamples(byte[] fragment, InitInfo info) {
        for (FragmentReader.TrackSamples t : FragmentReader.read(fragment, 0, fragment.length)) {
            InitInfo.Track track = info.track(t.trackId());
            if (track == null) {
                throw new MediaFormatException("fragment of unknown track " + t.trackId());
            }
            if (track.video()) {
                for (FragmentReader.SampleRef s : t.samples()) {
                    LengthPrefixed.split(fragment, s.offset(), s.size());
                }
            }
        }
    }

    private static ByteBuffer read(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        long p = pos;
        while (b.hasRemaining()) {
            int r = ch.read(b, p);
            if (r < 0) {
                throw new IOException("unexpected end of spool file");
            }
            p += r;
        }
        return b;
    }
}
