package io.zonecam.media.bits;

import io.zonecam.media.MediaFormatException;
import java.util.Arrays;

/**
 * ByteSlice is a view of {@code length} bytes of an array starting at {@code offset}, used to hand out NAL units and
 * payloads without copying.
 *
 * <p>The view shares the array: it is only valid as long as the owner does not reuse it.
 *
 * @param array  the backing array
 * @param offset first byte of the view
 * @param length number of bytes
 */
public record ByteSlice(byte[] array, int offset, int length) {

    public ByteSlice {
        MediaFormatException.checkRange(array.length, offset, length, "slice");
    }

    /** A view of a whole array. */
    public static ByteSlice of(byte[] array) {
        return new ByteSlice(array, 0, array.length);
    }

    /** The byte at {@code index} (0-based inside the view) as an unsigned value. */
    public int get(int index) {
        if (index < 0 || index >= length) {
            throw new MediaFormatException("slice index " + index + " outside " + length + " bytes");
        }
        return array[offset + index] & 0xff;
    }

    /** A copy of the viewed bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** A sub-view relative to this one. */
    public ByteSlice slice(int from, int len) {
        MediaFormatException.checkRange(length, from, len, "sub-slice");
        return new ByteSlice(array, offset + from, len);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteSlice s
                && Arrays.equals(array, offset, offset + length, s.array, s.offset, s.offset + s.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return "ByteSlice[" + length + " bytes]";
    }
}
