package io.zonecam.webrtc.srtp;

/**
 * ReplayWindow is the sliding replay list of RFC 3711 §3.3.2: indices more than {@code size} behind the highest seen
 * are too old, and each index inside the window is accepted once.
 */
final class ReplayWindow {

    private final long[] bits;
    private final int size;
    private long highest = -1;

    /** A window of {@code size} packets, a power of two of at least 64 (RFC 3711 asks for at least 64). */
    ReplayWindow(int size) {
        if (size < 64 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("window size must be a power of two >= 64");
        }
        this.size = size;
        this.bits = new long[size / 64];
    }

    /** Whether the index is new and not too old. Does not record it. */
    boolean check(long index) {
        if (index < 0) {
            return false;
        }
        if (highest < 0 || index > highest) {
            return true;
        }
        if (highest - index >= size) {
            return false;
        }
        return !get(index);
    }

    /** Records an index after the packet authenticated. */
    void update(long index) {
        if (index > highest) {
            long delta = highest < 0 ? size : index - highest;
            if (delta >= size) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                for (long i = highest + 1; i < index; i++) {
                    clear(i);
                }
            }
            highest = index;
        }
        set(index);
    }

    /** The highest index recorded, or -1. */
    long highest() {
        return highest;
    }

    private boolean get(long index) {
        int bit = (int) (index & (size - 1));
        return (bits[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    private void set(long index) {
        int bit = (int) (index & (size - 1));
        bits[bit >>> 6] |= 1L << (bit & 63);
    }

    private void clear(long index) {
        int bit = (int) (index & (size - 1));
        bits[bit >>> 6] &= ~(1L << (bit & 63));
    }
}
