package io.zonecam.media.rtp;

import java.util.Arrays;

/**
 * AccessUnitBuffer collects the NAL units of one access unit in the 4-byte length-prefixed layout, including NAL
 * units being reassembled from fragments, within fixed limits on bytes and NAL count.
 *
 * <p>Each NAL byte is copied once into the buffer; {@link #toByteArray()} makes the frame's own copy.
 */
final class AccessUnitBuffer {

    private final int maxBytes;
    private final int maxNals;
    private byte[] buf = new byte[64 * 1024];
    private int size;
    private int nalCount;
    private int fragmentStart = -1;

    AccessUnitBuffer(int maxBytes, int maxNals) {
        this.maxBytes = maxBytes;
        this.maxNals = maxNals;
    }

    /** Appends a whole NAL unit; false when it would break a limit (the buffer is unchanged then). */
    boolean addNal(byte[] src, int offset, int length) {
        if (fragmentStart >= 0 || nalCount >= maxNals || !reserve(4 + length)) {
            return false;
        }
        writeLength(size, length);
        System.arraycopy(src, offset, buf, size + 4, length);
        size += 4 + length;
        nalCount++;
        return true;
    }

    /** Starts a NAL unit that arrives in fragments, with its reconstructed header bytes. */
    boolean startFragment(byte[] header, int headerLength) {
        if (fragmentStart >= 0 || nalCount >= maxNals || !reserve(4 + headerLength)) {
            return false;
        }
        fragmentStart = size;
        System.arraycopy(header, 0, buf, size + 4, headerLength);
        size += 4 + headerLength;
        nalCount++;
        return true;
    }

    /** Appends fragment bytes to the open NAL unit. */
    boolean appendFragment(byte[] src, int offset, int length) {
        if (fragmentStart < 0 || !reserve(length)) {
            return false;
        }
        System.arraycopy(src, offset, buf, size, length);
        size += length;
        return true;
    }

    /** Closes the open fragmented NAL unit by writing its length. */
    void endFragment() {
        if (fragmentStart >= 0) {
            writeLength(fragmentStart, size - fragmentStart - 4);
            fragmentStart = -1;
        }
    }

    boolean inFragment() {
        return fragmentStart >= 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    int nalCount() {
        return nalCount;
    }

    /** The raw buffer (valid up to {@link #size()}). */
    byte[] array() {
        return buf;
    }

    void clear() {
        size = 0;
        nalCount = 0;
        fragmentStart = -1;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private boolean reserve(int more) {
        long needed = (long) size + more;
        if (needed > maxBytes) {
            return false;
        }
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(maxBytes, Math.max(needed, 2L * buf.length)));
        }
        return true;
    }

    private void writeLength(int pos, int length) {
        buf[pos] = (byte) (length >>> 24);
        buf[pos + 1] = (byte) (length >>> 16);
        buf[pos + 2] = (byte) (length >>> 8);
        buf[pos + 3] = (byte) length;
    }
}
