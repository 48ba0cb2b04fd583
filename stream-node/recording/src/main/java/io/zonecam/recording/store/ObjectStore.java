package io.zonecam.recording.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/**
 * ObjectStore is the small slice of an object store that recording and playback use: whole-object puts, ranged
 * reads, listing in key order, and deletes. Implementations: {@link FileSystemObjectStore} (local runs) and
 * {@link S3ObjectStore} (S3 and S3-compatible servers).
 *
 * <p>A put replaces the whole object atomically: readers see the old bytes or the new, never a mix. Failures
 * are {@link IOException}s; a missing object is {@link ObjectNotFoundException}. Implementations are
 * thread-safe.
 */
public interface ObjectStore extends AutoCloseable {

    /** Content type of recording objects. */
    String MP4 = "video/mp4";
    /** Most keys one {@link #list} call returns (S3's own page limit). */
    int MAX_PAGE = 1000;

    /** Stores the file's bytes under {@code key}. */
    void put(String key, Path file, String contentType) throws IOException;

    /** Stores {@code data} under {@code key}. */
    void put(String key, byte[] data, String contentType) throws IOException;

    /**
     * Reads up to {@code length} bytes at {@code offset}; fewer when the object ends first, none when
     * {@code offset} is at or past its end.
     */
    byte[] read(String key, long offset, int length) throws IOException;

    /**
     * Opens a stream over {@code [offset, offset + length)} (clamped to the object), for proxying segment bytes
     * without buffering them. The caller closes it.
     */
    InputStream open(String key, long offset, long length) throws IOException;

    /** The object's size and time, or empty when it does not exist. */
    Optional<ObjectInfo> head(String key) throws IOException;

    /**
     * Lists keys that start with {@code prefix} and sort after {@code startAfter} (null for the first page), in
     * ascending UTF-8 byte order, at most {@code maxKeys} (≤ {@link #MAX_PAGE}) of them.
     */
    ObjectPage list(String prefix, String startAfter, int maxKeys) throws IOException;

    /** Deletes the object; deleting a missing object is not an error. */
    void delete(String key) throws IOException;

    /** Deletes several objects (S3 does up to 1000 per request); missing objects are not errors. */
    default void delete(Collection<String> keys) throws IOException {
        for (String key : keys) {
            delete(key);
        }
    }

    @Override
    default void close() {}
}
