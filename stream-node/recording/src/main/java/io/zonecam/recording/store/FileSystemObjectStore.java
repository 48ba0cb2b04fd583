package io.zonecam.recording.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * FileSystemObjectStore keeps objects as files under a root directory (key {@code a/b/c.mp4} is file
 * {@code root/a/b/c.mp4}), for local runs and tests.
 *
 * <p>Puts write a temporary file in the target directory, fsync it, rename it over the target atomically and
 * fsync the directory, so a crash leaves the old object or the new one. Listing walks the directory of the
 * prefix and sorts, which is fine for one machine's recordings but not for millions of objects.
 */
public final class FileSystemObjectStore implements ObjectStore {

    private static final String TEMP = ".tmp-";
    private final Path root;

    /** A store rooted at {@code root} (created when missing). */
    public FileSystemObjectStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
    }

    /** The root directory. */
    public Path root() {
        return root;
    }

    @Override
    public void put(String key, Path file, String contentType) throws IOException {
        Path target = path(key);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(TEMP + UUID.randomUUID());
        try {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            commit(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void put(String key, byte[] data, String contentType) throws IOException {
        Path target = path(key);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(TEMP + UUID.randomUUID());
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(data);
            }
            commit(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void commit(Path tmp, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(target.getParent());
    }

    /** Fsyncs a directory so that a rename or create in it survives a crash (a no-op where unsupported). */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open or sync directories; the rename itself is still atomic there.
            if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
                return;
            }
            throw e;
        }
    }

    @Override
    public byte[] read(String key, long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        try (SeekableByteChannel ch = Files.newByteChannel(path(key))) {
            long size = ch.size();
            if (offset >= size) {
                return new byte[0];
            }
            int n = (int) Math.min(length, size - offset);
            ByteBuffer buf = ByteBuffer.allocate(n);
            ch.position(offset);
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // keep reading until the range is filled
            }
            return buf.hasRemaining() ? java.util.Arrays.copyOf(buf.array(), buf.position()) : buf.array();
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        SeekableByteChannel ch;
        try {
            ch = Files.newByteChannel(path(key));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        }
        try {
            long size = ch.size();
            long start = Math.min(offset, size);
            ch.position(start);
            return new BoundedInputStream(Channels.newInputStream(ch), Math.min(length, size - start));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public Optional<ObjectInfo> head(String key) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(path(key), BasicFileAttributes.class);
            return a.isRegularFile()
                    ? Optional.of(
                            new ObjectInfo(key, a.size(), a.lastModifiedTime().toInstant()))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public ObjectPage list(String prefix, String startAfter, int maxKeys) throws IOException {
        if (maxKeys <= 0 || maxKeys > MAX_PAGE) {
            throw new IllegalArgumentException("maxKeys must be 1.." + MAX_PAGE);
        }
        int slash = prefix.lastIndexOf('/');
        Path base = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!base.normalize().startsWith(root) || !Files.isDirectory(base)) {
            return new ObjectPage(List.of(), false);
        }
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(base)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(TEMP))
                    .map(p -> root.relativize(p)
                            .toString()
                            .replace(p.getFileSystem().getSeparator(), "/"))
                    .filter(k -> k.startsWith(prefix) && (startAfter == null || k.compareTo(startAfter) > 0))
                    .forEach(keys::add);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        keys.sort(null);
        boolean truncated = keys.size() > maxKeys;
        List<ObjectInfo> out = new ArrayList<>(Math.min(maxKeys, keys.size()));
        for (String k : keys.subList(0, Math.min(maxKeys, keys.size()))) {
            head(k).ifPresent(out::add);
        }
        return new ObjectPage(out, truncated);
    }

    @Override
    public void delete(String key) throws IOException {
        Path p = path(key);
        Files.deleteIfExists(p);
        // Remove directories left empty, up to the root, so old hours do not pile up as empty folders.
        for (Path dir = p.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException | NoSuchFileException | FileAlreadyExistsException e) {
                break;
            }
        }
    }

    private Path path(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("\\") || key.contains("//")) {
            throw new IllegalArgumentException("bad key: " + key);
        }
        for (String part : key.split("/")) {
            if (part.equals(".") || part.equals("..") || part.startsWith(TEMP)) {
                throw new IllegalArgumentException("bad key: " + key);
            }
        }
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("bad key: " + key);
        }
        return p;
    }

    /** BoundedInputStream reads at most a given number of bytes from a stream it owns. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long left) {
            this.in = in;
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
