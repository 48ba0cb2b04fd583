package io.zonecam.pictures.thumbs;

import java.io.IOException;

/**
 * RangeSource reads a byte range of one stored object: one call is one ranged GET. The node adapts its object
 * store to it: {@code (offset, length) -> store.read(key, offset, length)}.
 */
@FunctionalInterface
public interface RangeSource {

    /** Up to {@code length} bytes at {@code offset}; fewer when the object ends first. */
    byte[] read(long offset, int length) throws IOException;
}
